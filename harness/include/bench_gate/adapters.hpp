// Adapters: one per harness, behind one interface, chosen by the content of a results file.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "bench_gate/model.hpp"

namespace bg {

struct Adapter {
  std::string_view name;                         // "google-benchmark", "hyperfine"
  bool (*recognizes)(std::string_view text);     // cheap sniff of the first bytes, no full parse
  Run (*ingest)(std::string_view text, const std::string& origin);  // throws Error(input_error)
  // Harnesses that run every benchmark in several processes (JMH forks, BenchmarkDotNet
  // launches): one Run per process, in order (ingest pools them into one); nullptr when a file is
  // one process.
  std::vector<Run> (*ingest_processes)(std::string_view text, const std::string& origin) = nullptr;
};

// Every adapter, Google Benchmark last (it is the default).
const std::vector<Adapter>& adapters();

// Ingest a results file with the first adapter that recognizes it (Google Benchmark otherwise),
// or, when `harness` is not empty, with the adapter of that name (--harness NAME).
Run ingest_results(std::string_view text, const std::string& origin, std::string_view harness = {});

// The adapter named `name`; throws Error(input_error) "unknown harness 'X' (known: a, b, ...)".
const Adapter& find_adapter(std::string_view name);

// Ingest a results file as the runs of its processes (one Run unless the adapter, chosen as by
// ingest_results, has ingest_processes).
std::vector<Run> ingest_result_processes(std::string_view text, const std::string& origin,
                                         std::string_view harness = {});

// Return one Run holding the benchmarks of `processes`, samples and counters of a name appended
// in process order (the first process's environment); for Adapter::ingest of multi-process
// harnesses.
Run pool_processes(std::vector<Run> processes);

// The first key of the top-level JSON object (of the first object of a top-level array when
// `in_array`), "" when the text opens otherwise: a cheap sniff, no parse. A UTF-8 BOM is skipped.
std::string_view first_json_key(std::string_view text, bool in_array = false);

// hyperfine --export-json: one benchmark per command (its -n name), every run time a sample in
// ns (real_time); cpu_time is 0 per run (hyperfine reports only mean user/system times), so a
// cpu_time gate reports these rows as unusable. A command with a non-zero exit code is `error`.
Run ingest_hyperfine_json(std::string_view text, const std::string& origin);
bool looks_like_hyperfine(std::string_view text);

// pytest-benchmark --benchmark-json (3.x-4.x): one benchmark per test (its fullname), times per
// iteration in ns as real_time (cpu_time 0: pytest-benchmark times wall clock). With the raw data
// (--benchmark-save-data, stats.data: seconds per round) every round is a sample; without it the
// median is the one sample with the file's stddev / mean and rounds (use_summary in ingest.hpp).
// Numbers of extra_info are counters. Implemented in core/adapters/pytest_benchmark.cpp.
Run ingest_pytest_benchmark_json(std::string_view text, const std::string& origin);
bool looks_like_pytest_benchmark(std::string_view text);

// Catch2 XML reporter (-r xml; v2 <Catch>, v3 <Catch2TestRun>) with BenchmarkResults: Catch2
// writes no raw samples, only mean and standardDeviation (ns) over `samples` samples, so the
// mean is the one sample with that cv and count (use_summary); outlier counts are counters. A
// benchmark of a failed test case is `error`. Parsed with pugixml (core/adapters/catch2.cpp).
Run ingest_catch2_xml(std::string_view text, const std::string& origin);
bool looks_like_catch2(std::string_view text);

// JMH -rf json: primaryMetric.rawData[fork][iteration]; each fork is a process (one Run each),
// each measurement iteration a sample. Scores become ns per operation: time-per-op modes (avgt,
// ss: "s/op" .. "ns/op") are converted by unit; throughput (thrpt, "ops/s" .. "ops/ns") is
// inverted (1 / score: the time per operation of all threads together). Mode sample (a
// histogram per iteration) gives its weighted mean per iteration. Secondary metrics with raw data
// are counters. Name: benchmark, then ":k=v,..." for params. Core/adapters/jmh.cpp.
std::vector<Run> ingest_jmh_processes(std::string_view text, const std::string& origin);
Run ingest_jmh_json(std::string_view text, const std::string& origin);
bool looks_like_jmh(std::string_view text);

// BenchmarkDotNet full JSON exporter (*-report-full.json): per benchmark (FullName) the
// Measurements of IterationMode Workload, stage Result (else Actual), Nanoseconds / Operations
// each, grouped by LaunchIndex: each launch is a process (one Run each). Without Measurements
// (the brief JSON exporter) Statistics' Median, StandardDeviation / Mean and N are the summary
// (use_summary). The Memory diagnoser's fields (per operation, over all launches) are counters,
// the same value in each launch's run. Core/adapters/benchmarkdotnet.cpp.
std::vector<Run> ingest_benchmarkdotnet_processes(std::string_view text, const std::string& origin);
Run ingest_benchmarkdotnet_json(std::string_view text, const std::string& origin);
bool looks_like_benchmarkdotnet(std::string_view text);

// go test -bench . -count N [-benchmem] text (benchstat's input): every result line of a
// benchmark is one repetition (all from one process per package); ns/op -> real_time (cpu_time 0:
// go measures wall time only); every other unit (B/op, allocs/op, MB/s, custom) is a counter named
// by its unit. "key: value" lines before the results (goos, goarch, pkg, cpu) become the context;
// with several pkg: lines, names are "<pkg>.<BenchmarkName-P>". The -P suffix (GOMAXPROCS) stays
// in the name, as go prints it (and is added to the "--- FAIL: X" / "--- SKIP: X" names, which go
// prints without it). "--- FAIL: X" -> error, "--- SKIP: X" -> skipped (the next line is the
// message). Errors name the file and line.
Run ingest_go_bench(std::string_view text, const std::string& origin);
bool looks_like_go_bench(std::string_view text);

// Criterion (Rust), a saved baseline: per benchmark the texts of
// target/criterion/<group>/<function>[/<value>]/<baseline>/{benchmark,sample}.json, read by the app
// (app/criterion_dir.hpp). Name: benchmark.json's full_id. Samples: sample.json's times[i] /
// iters[i] (ns per iteration; Criterion's 100 samples, all from ONE process); cpu_time 0. A
// throughput ({"Bytes": N} / {"Elements": N}) becomes bytes_per_second / items_per_second per
// sample. Errors: "<directory>/<file>: <field>: <what>".
struct CriterionFiles {
  std::string directory;       // the <baseline> directory, for messages
  std::string benchmark_json;  // text of benchmark.json
  std::string sample_json;     // text of sample.json
};
Run ingest_criterion_baseline(const std::vector<CriterionFiles>& files);
// A results *file* given with --harness criterion: refused (the baseline is a directory).
Run ingest_criterion_file(std::string_view text, const std::string& origin);
bool looks_like_criterion_file(std::string_view text);  // always false: never sniffed from a file

// cargo criterion --message-format=json: one JSON message per line; each "benchmark-complete"
// message is a benchmark (id; iteration_count[i], measured_values[i] in its unit, which must be
// ns) mapped as the saved baseline above; other messages (group-complete, cargo's) are skipped.
// Schema: the cargo-criterion book, "External Tools" (JSON messages).
Run ingest_cargo_criterion(std::string_view text, const std::string& origin);
bool looks_like_cargo_criterion(std::string_view text);

}  // namespace bg
