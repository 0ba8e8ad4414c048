// The data bench-gate passes between its parts: runs (what a suite measured), the gate
// configuration, and a comparison (what compare decided). Plain structs, no behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_gate/util/error.hpp"

namespace bg {

// One benchmark of one run: every repetition kept as a sample. Times are per iteration, in
// nanoseconds (ingest converts Google Benchmark's time_unit).
struct BenchmarkResult {
  std::string name;                  // run_name as Google Benchmark reports it (untrusted text)
  std::vector<double> real_time_ns;  // one value per repetition, in order
  std::vector<double> cpu_time_ns;   // same length as real_time_ns
  std::int64_t iterations = 0;       // iterations of the first repetition
  std::string label;                 // Google Benchmark label, untrusted text
  std::optional<std::string> error;  // error_message when any repetition reported error_occurred
  double bytes_per_second = 0;       // median over repetitions, 0 if not reported
  double items_per_second = 0;       // median over repetitions, 0 if not reported
  // Google Benchmark >= 1.8 SkipWithMessage: the message (times are empty, never compared).
  std::optional<std::string> skipped;
  // Every other number a repetition reported (user counters, bytes_per_second, items_per_second,
  // memory fields such as max_bytes_used), sorted by name; one value per repetition that reported
  // it, in order.
  std::vector<std::pair<std::string, std::vector<double>>> counters;
  // Only aggregates were reported (--benchmark_report_aggregates_only): the samples are the one
  // median (or mean) aggregate; these carry the file's own spread for the within-run term.
  int aggregate_repetitions = 0;  // repetitions behind the aggregates, 0 = unknown / not aggregated
  double aggregate_real_cv = 0;   // relative standard deviation of real_time (stddev / mean)
  double aggregate_cpu_cv = 0;    // same for cpu_time
  // Instruction mode (app/instructions.hpp): instructions per iteration of the measured loop,
  // counted by callgrind, one value per loop measured (a run measured this way has no times).
  // Empty for timed runs; stored as the optional note field "instructions".
  std::vector<double> instructions;
  // Fields of a stored note this version does not know (written by a newer bench-gate), kept as
  // they were and written back, so appending a run never drops them; null when none.
  nlohmann::json unknown;
};

// A ->Complexity() fit Google Benchmark reported for a family (NAME_BigO / NAME_RMS rows):
// information shown in the report, never gated.
struct ComplexityFit {
  std::string name;            // the family's run_name, e.g. BM_BinaryGap (untrusted text)
  std::string big_o;           // e.g. "N", "NlgN", "(1)"; "" when only the RMS row was reported
  double real_coefficient = 0; // in ns per complexity unit
  double cpu_coefficient = 0;
  double rms = -1;             // relative RMS of the fit, -1 when absent
};

// The metric a gate compares, per iteration: times in ns, or instructions counted under
// callgrind (a run measures either times or instructions, never both).
enum class Metric { real_time, cpu_time, instructions };
std::string_view metric_name(Metric metric);  // "real_time", "cpu_time", "instructions"
std::optional<Metric> metric_from_name(std::string_view name);    // nullopt when unknown
const std::vector<double>& samples_of(const BenchmarkResult& b, Metric metric);

// Where a run was measured. `context` is Google Benchmark's context object as reported.
struct Environment {
  nlohmann::json context = nlohmann::json::object();
  std::string host;           // context.host_name
  std::string compiler;       // of the suite, when known (from config/flags), else ""
  std::string build_type;     // of the suite under test, when known, else ""
  std::string fingerprint;    // hex digest of the stable machine facts (see ingest.hpp)
  std::string compiler_flags;  // of the suite, as it reports them (bench_gate_suite_compiler_flags)
  // Facts of the process that measured, known to shift results without the code changing
  // (issue 12 item 6): collected by app when bench-gate spawns the suite (the suite inherits
  // them), compared by core; -1 / "" when unknown (ingested files, notes of older versions).
  long long environment_bytes = -1;         // environment block: sum of strlen("NAME=value") + 1
  long long working_directory_length = -1;  // bytes of the working directory's absolute path
  std::string aslr;          // /proc/sys/kernel/randomize_va_space ("0", "1", "2"), or "unknown"
  std::string cpu_governor;  // cpu0's cpufreq scaling_governor, "unknown" where absent (VMs)
  nlohmann::json unknown;    // unknown stored fields, kept and written back (see BenchmarkResult)
};

// One run of a suite (or one shard of it) for one commit.
struct Run {
  std::string run_id;        // unique id; shards of one run share it
  std::string shard;         // "" for a whole run, else "K/N"
  std::string commit;        // full hex object id of the measured commit
  std::string recorded_at;   // UTC, ISO 8601
  std::string tool_version;  // bench-gate version that recorded it
  std::string source;        // "ingest:<file>" or "run:<command>"
  Environment environment;
  std::vector<BenchmarkResult> benchmarks;
  std::vector<ComplexityFit> complexity;  // ->Complexity() fits, information only
  // Contexts of the further files of a run recorded from several files (one per executable), in
  // the order given; `environment.context` is the first file's.
  std::vector<nlohmann::json> other_contexts;
  nlohmann::json unknown;  // unknown stored fields, kept and written back (see BenchmarkResult)
};

// The JSON document stored as a git note on one commit: every run recorded for that commit.
inline constexpr int kNoteSchemaVersion = 1;
struct NoteDocument {
  int schema_version = kNoteSchemaVersion;
  std::string commit;
  std::vector<Run> runs;  // appended, never overwritten; unique by (run_id, shard)
  nlohmann::json unknown;  // unknown stored fields, kept and written back (see BenchmarkResult)
};

enum class TierAction { fail, warn };

struct TierSpec {
  std::string name;          // "critical", "standard", "background" or user-defined
  double threshold = 0.10;   // relative change, 0.05 = 5 %
  TierAction action = TierAction::fail;
};

// Which way a gated quantity gets worse: times and memory when they grow, throughput when it
// falls. The stored rule runs on the reciprocal of a bigger-is-better quantity.
enum class Direction { smaller_is_better, bigger_is_better };

// An absolute budget of a rule: the quantity must stay at most (max) or at least (min) `value`,
// in the row's unit (ns for times, the counter's own unit otherwise). `text` is as written.
struct Budget {
  enum class Kind { max, min };
  Kind kind = Kind::max;
  double value = 0;
  bool is_time = false;  // written with a time unit ("5ms"): only for a time metric
  std::string text;
};

// One entry of the config's `rules`, in order. A rule with a tier sets the tier of the
// benchmarks it matches (the first such rule wins); with `counter` it adds a row gating that
// counter (`NAME [counter]`); with `max`/`min` it sets a budget on the metric or the counter.
struct TierRule {
  std::string pattern;  // glob on the benchmark name: * ? [abc] (fnmatch without FNM_PATHNAME)
  std::string tier;     // name of a TierSpec, "" when the rule sets no tier
  // The keys below have default initializers, so {pattern, tier} stays a complete initializer.
  std::string counter = "";  // a stored counter (user counter, bytes_per_second, ...)
  Direction direction = Direction::smaller_is_better;  // of the counter
  double threshold = 0;                 // relative, of the counter row; 0 = its tier's
  std::optional<Budget> budget = std::nullopt;  // max or min
  std::string path = "";                        // "rules[2]", for messages
  std::optional<Metric> metric = std::nullopt;  // gates matching benchmarks (else Config.metric)
};

// The gate configuration (bench-gate.json). Defaults work with no file at all.
struct Config {
  std::string source_path;                 // file it was read from, "" for defaults
  std::vector<std::string> suite_command;  // argv of the suite binary, may be empty
  std::vector<std::string> build_command;  // argv to build the suite in a worktree (paired mode)
  // issue 16: a suite that is not Google Benchmark: the adapter's name (adapters.hpp; "" = Google
  // Benchmark, run with bench-gate's flags) and where its output lands: "" or "-" = its stdout,
  // else a file or target/criterion directory, relative to the repository top.
  std::string harness;
  std::string results;
  int repetitions = 10;                    // per benchmark, per suite process
  int processes = 1;                       // suite processes per measurement (record, compare's
                                           // HEAD run), each stored as its own run
  std::string notes_ref = "refs/notes/bench-gate";
  Metric metric = Metric::real_time;       // what the gate compares
  std::vector<TierSpec> tiers = {{"critical", 0.05, TierAction::fail},
                                 {"standard", 0.10, TierAction::fail},
                                 {"background", 0.20, TierAction::warn}};
  std::vector<TierRule> rules;             // first match wins
  std::string default_tier = "standard";
  int max_baseline_distance = 50;          // first-parent commits walked back from the merge-base
  int history_runs = 10;                   // past baseline-line runs used to estimate between-run noise
  // Confirmation with a build command (paired with a build of the baseline) also re-measures the
  // failing tiers' inconclusive rows, so they end decided (app/confirm.cpp). Off by default: it
  // builds the baseline whenever a failing-tier row is inconclusive, not only on a regression.
  bool confirm_inconclusive = false;
  double noise_floor = 0.02;               // assumed between-run spread (relative sd) with no history
  double instruction_noise_floor = 0.001;  // the same for metric instructions (counts barely move)
  double alpha = 0.05;                     // family-wise error rate for failing tiers
  int timeout_seconds = 0;                 // suite timeout, 0 = none
  std::size_t report_budget = 60000;       // characters of the Markdown report
  std::string commit_url;                  // publish: a commit's link, {sha} = its id ("" = none)
};

enum class Verdict {
  regression,
  improvement,
  unchanged,
  inconclusive,
  new_benchmark,
  removed,
  failed,
  skipped,  // the suite skipped it (SkipWithMessage) on either side: shown, never compared
  accepted,  // a regression within the bound of an acknowledgement (acceptance.hpp): passes
};

// Which side's suite reported the error of a `failed` row: a head-side failure is the suite
// failing (exit 4); a base-side one only makes the row uncomparable.
enum class FailedSide { none, base, head, both };

// How a comparison was measured: stored runs; stored runs whose failing-tier regressions were
// re-measured before failing; or both sides measured now in paired blocks.
enum class CompareMode { stored, stored_confirmed, paired };
std::string_view mode_name(CompareMode mode);  // "stored", "stored+confirmed", "paired"
std::optional<CompareMode> mode_from_name(std::string_view name);

// How head's interval lies against a budget: wholly inside, wholly beyond, or across it.
enum class BudgetVerdict { none, within, broken, inconclusive };
// What would resolve an inconclusive row (advice.hpp computes it from the rule's noise terms):
// more repetitions per process, more processes per side, more paired blocks, paired mode, or
// instruction counts. One source for the report's cell, the JSON and noise_source.
enum class AdviceAction { none, repetitions, processes, blocks, paired, instructions };
struct Advice {
  AdviceAction action = AdviceAction::none;
  int count = 0;       // repetitions per process, processes per side or blocks; 0 otherwise
  std::string reason;  // why, in words: the dominant term of the se with both parts
};

// What compare decided for one benchmark. Relative changes: 0.15 = 15 % slower.
// The re-measurement that confirmed (or overturned) a failing-tier regression before the verdict
// (app/confirm.cpp): its own change and 95 % interval (fractions) and how it was measured.
struct Confirmation {
  bool done = false;
  double change = 0, ci_low = 0, ci_high = 0;
  int runs = 0;     // suite processes (stored mode: HEAD runs added) or paired blocks measured
  std::string how;  // e.g. "one more HEAD run combined with the stored ones"
};

struct BenchmarkComparison {
  std::string name;
  std::string tier;
  double threshold = 0;
  TierAction action = TierAction::fail;
  Verdict verdict = Verdict::unchanged;
  std::string unit = "ns";          // of base_center/head_center ("instructions" in that mode)
  double base_center = 0;           // median of base samples (0 when absent)
  double head_center = 0;
  double change = 0;                // point estimate of head/base - 1
  double ci_low = 0, ci_high = 0;   // confidence interval of change
  double p_value = 1;               // of "no change", before correction
  double p_adjusted = 1;            // after the multiple-comparison correction
  double mde = 0;                   // minimum detectable effect (relative) from the observed noise
  int base_samples = 0, head_samples = 0;
  int base_runs = 0, head_runs = 0;
  int repetitions_needed = 0;       // for inconclusive: advice.count when it counts repetitions
                                    // (stored) or blocks (paired), else 0
  Advice advice;                    // for inconclusive: what would resolve it
  std::string noise_source;         // what the interval was built from, in words
  std::string message;              // error text for failed, other notes (untrusted text)
  FailedSide failed_side = FailedSide::none;  // for failed: whose suite reported the error
  std::string label;                // Google Benchmark label (head's, else base's; untrusted text)
  Confirmation confirmation;        // the re-measurement of a failing-tier regression, if any
  // A counter row (`NAME [counter]`): the counter, and which way it gets worse. change, ci_low,
  // ci_high are of the counter itself (a throughput fall is negative); the verdict is decided on
  // its reciprocal when bigger is better.
  std::string counter;
  Direction direction = Direction::smaller_is_better;
  // Throughput of the benchmark (median bytes_per_second, else items_per_second), 0 when none.
  double base_throughput = 0, head_throughput = 0;
  std::string throughput_unit;  // "B/s" or "items/s"
  // The absolute budget of the row and how head's 95 % interval [budget_low, budget_high] (in
  // the row's unit) lies against it.
  std::optional<Budget> budget;
  BudgetVerdict budget_verdict = BudgetVerdict::none;
  double budget_low = 0, budget_high = 0;
};

// A commit of HEAD's first-parent line, for the nightly report (issue 13).
struct LineCommit {
  std::string id;       // full hex id
  std::string subject;  // untrusted text
};

// A change point of one benchmark on HEAD's first-parent line (core/changepoints.hpp).
struct LineChange {
  std::string name;                       // untrusted text
  double change = 0, ci_low = 0, ci_high = 0, p_value = 1;
  std::string before_commit, after_commit;  // the change lies in (before, after]
  int commits = 0;                          // commits in that range
};

struct Comparison {
  int schema_version = 1;
  std::string base_rev, head_rev;        // as the user typed them (untrusted text)
  std::string base_commit, head_commit;  // resolved object ids
  std::string merge_base;                // "" when --exact
  std::string baseline_commit;           // commit whose runs were used as the baseline
  int baseline_distance = 0;             // first-parent steps from the merge-base to it
  CompareMode mode = CompareMode::stored;
  std::vector<Environment> base_environments, head_environments;
  bool environments_differ = false;
  std::vector<std::string> environment_differences;  // human-readable, e.g. "cpu: 2 vs 4"
  std::vector<std::string> missing_shards;           // e.g. "head: shard 2/3 of run abc"
  // The commit a reviewer knows HEAD by. On GitHub's pull_request checkout HEAD is a synthetic
  // merge commit (refs/pull/N/merge); then pr_head is the pull request's head commit (--pr-head,
  // or the merge's second parent when its first parent is the base commit), else "".
  std::string head_subject;              // subject line of head_commit ("" when absent)
  std::string pr_head, pr_head_subject;  // full id and subject line (untrusted text)
  std::string rule;                      // the exact decision rule, in words
  std::string correction;                // multiple-comparison correction applied
  std::vector<BenchmarkComparison> benchmarks;
  // Information lines for the report, never gated: ->Complexity() fits of either side, runs left
  // out because they repeat another run's measurements.
  std::vector<std::string> information;
  // Disturbed runs (disturbance.hpp): what was found and what was done about it, one line each;
  // empty when no run was disturbed.
  std::vector<std::string> disturbance;
  // The nightly report (compare --template nightly): HEAD's first-parent commits after the
  // baseline commit (newest first), and the change points whose range lies in them.
  std::vector<LineCommit> line_commits;
  std::vector<LineChange> change_points;
  ExitCode exit_code = ExitCode::pass;
};

}  // namespace bg
