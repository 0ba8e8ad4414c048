// Plain option structs: what the CLI parsed, handed to the commands. The core never sees CLI11.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

struct GlobalOptions {
  std::string repo_path = ".";  // -C: where to look for the git repository
  std::string config_path;      // --config: explicit bench-gate.json ("" = look it up)
  std::string notes_ref;        // --notes-ref: overrides the config ("" = config/default)
  bool quiet = false;           // --quiet: no progress, no informational lines
};

struct RunOptions {
  int repetitions = 0;               // 0 = from config (default 10)
  int processes = 0;                 // record/compare: suite processes, 0 = from config (default 1)
  std::string filter;                // Google Benchmark --benchmark_filter regex
  std::string output;                // file for the normalized run JSON ("" = none)
  std::string shard;                 // "K/N": run a stable 1/N of the suite
  int timeout_seconds = -1;          // -1 = from config; 0 = none
  std::vector<std::string> command;  // suite argv ("" = config suite_command)
  std::optional<Metric> metric;      // --metric: what to measure and compare (nullopt = config)
  // issue 16: how results are read. --harness NAME (adapters.hpp; "" = config "harness", else
  // chosen by content); --baseline NAME [HEAD_NAME]: Criterion's saved baseline ([] = "new").
  std::string harness;
  std::vector<std::string> criterion_baselines;
};

struct RecordOptions {
  std::string rev = "HEAD";
  bool allow_stale = false;         // --allow-stale: no warning about a stale suite or dirty tree
  std::vector<std::string> inputs;  // Google Benchmark JSON files: shards of one run
  std::string run_id;               // join an existing run (sharded suites); "" = new id
  std::string shard;                // "K/N" this record holds ("" = whole run, or from run)
  RunOptions run;                   // when no inputs: run the suite now
};

// bench-gate backfill A..B: build and record each commit of a first-parent range.
struct BackfillOptions {
  std::string range;  // "A..B" (B empty = HEAD)
  int every = 1;      // record every Nth commit, counted back from B (B always)
  bool again = false; // also commits that already have runs (appends one more)
  RunOptions run;     // repetitions, processes, filter, timeout, metric, command
};

// bench-gate accept REV GLOB --up-to N% --reason TEXT.
struct AcceptOptions {
  std::string rev;
  std::string glob;
  std::string up_to;   // "15%"
  std::string reason;
};

// What `compare` and `report` print on stdout.
enum class OutputFormat {
  markdown,  // the rendered report (the default; nothing when --output writes it to a file)
  github,    // GitHub workflow annotations (::error / ::warning lines)
  json,      // the comparison JSON
  none,      // nothing
};

// Whether compare re-measures failing-tier regressions before failing.
enum class ConfirmMode {
  automatic,  // when compare ran HEAD's suite itself (the default)
  always,     // --confirm: also when HEAD's runs were stored
  never,      // --no-confirm
};

// What to compare and how to measure: everything the compare flow needs (app/compare_flow.hpp).
struct CompareRequest {
  std::string base, head = "HEAD";
  bool exact = false;         // no merge-base, no walking back
  bool no_run = false;        // never run the suite for HEAD
  int max_distance = -1;      // -1 = from config
  RunOptions run;             // how to run the suite when HEAD has no stored run
  bool paired = false;        // --paired: build the baseline and run both now, in blocks
  int blocks = 12;            // --blocks: minimum paired blocks
  double time_budget = 300;   // --time-budget: seconds of paired measurement, adaptive part
  int block_repetitions = 1;  // --block-repetitions: repetitions per side in one block
  ConfirmMode confirm = ConfirmMode::automatic;
  bool quiet = false;         // --quiet: suites show no progress
  std::string pr_head;        // --pr-head: the pull request's head commit to name in the report
};

// Where a comparison goes: files, stdout, template, size budget.
struct OutputOptions {
  std::string output;         // Markdown report file ("" = stdout unless format says otherwise)
  std::string json_output;    // comparison JSON file ("" = none)
  std::string template_path;  // template file or built-in name ("" = pr-comment)
  OutputFormat format = OutputFormat::markdown;
  long long budget = -1;      // report size budget, -1 = from config (else 60000)
};

struct CompareOptions {
  CompareRequest request;
  OutputOptions out;
  std::vector<std::string> files;  // --files BASE.json HEAD.json: no repository (issue 16)
};

struct CalibrateOptions {
  int runs = 5;             // separate suite processes
  std::string json_output;  // --json FILE
  bool record = false;      // store the runs as notes on HEAD
  RunOptions run;           // repetitions, filter, timeout, command
};

struct ReportOptionsCli {
  std::string input;  // comparison JSON
  OutputOptions out;  // json_output unused
};

// What `log` and `changes` print: plain text for a terminal, Markdown, or JSON.
enum class HistoryFormat { text, markdown, json };

struct LogOptions {
  std::string rev = "HEAD";
  int limit = 30;
  std::string filter;  // RE2 regex on benchmark names (partial match)
  HistoryFormat format = HistoryFormat::text;
};

struct ChangesOptions {
  std::string rev = "HEAD";
  int limit = 200;     // first-parent commits analysed
  std::string since;   // "" = every change point; a date (YYYY-MM-DD...) or a revision
  std::string filter;  // RE2 regex on benchmark names (partial match)
  HistoryFormat format = HistoryFormat::text;
};

struct PublishOptions {
  std::string outdir;      // the site's directory (replaced only when empty or an earlier site)
  std::string rev = "HEAD";
  int limit = 100;         // first-parent commits
  std::string commit_url;  // link of a commit, "{sha}" replaced by its id ("" = no links)
};

struct ShowOptions {
  std::string rev = "HEAD";
  bool json = false;
};

struct SyncOptions {
  std::string remote = "origin";
  bool push = true;
  int attempts = 5;
};

}  // namespace bg
