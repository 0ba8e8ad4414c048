// Benchmarks of bench-gate itself, named harness/<op>/<size>: ingest, compare, render, the whole
// pipeline, and log over a 1,000-commit history. Inputs are synthetic and built once, lazily,
// before the first timed iteration that needs them.
//
//   bench-harness [Google Benchmark flags]
//   bench-harness --emit-json DIR [BENCHMARKS [REPETITIONS]]
//       write DIR/base.json and DIR/head.json (default: the 10,000 x 20 inputs) and exit
//   BENCH_HARNESS_LOG_SCALING=1 bench-harness   also harness/log/1000commits/stored:4000 and
//                                               stored:20000
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench_gate/app/commands.hpp"
#include "bench_gate/changepoints.hpp"
#include "bench_gate/compare.hpp"
#include "bench_gate/adapters.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/model.hpp"
#include "bench_gate/report/render.hpp"
#include "log_fixture.hpp"
#include "synthetic_gbench.hpp"

namespace {

constexpr int kBenchmarks = 10000;
constexpr int kRepetitions = 20;
constexpr int kHistoryRuns = 10;
constexpr int kLogCommits = 1000;
constexpr int kLogBenchmarks = 50;
constexpr int kLogRepetitions = 10;
constexpr int kChangeCommits = 1000, kChangeBenchmarks = 1000, kChangeRepetitions = 10;

bgbench::SuiteSpec spec_of(bgbench::Side side, int benchmarks = kBenchmarks,
                           int repetitions = kRepetitions) {
  bgbench::SuiteSpec spec;
  spec.benchmarks = benchmarks;
  spec.repetitions = repetitions;
  spec.side = side;
  spec.seed = side == bgbench::Side::base ? 1 : 2;
  return spec;
}

// The shared inputs, each built on first use.
struct Inputs {
  std::string base_json = bgbench::synthetic_gbench_json(spec_of(bgbench::Side::base));
  std::string head_json = bgbench::synthetic_gbench_json(spec_of(bgbench::Side::head));
  bg::Run base_run = bg::ingest_benchmark_json(base_json, "base.json");
  bg::Run head_run = bg::ingest_benchmark_json(head_json, "head.json");
  std::string template_text = bg::load_template("pr-comment");
};

const Inputs& inputs() {
  static const Inputs in;
  return in;
}

bg::CompareInput compare_input(int history_runs) {
  bg::CompareInput input;
  input.base_runs = {inputs().base_run};
  input.head_runs = {inputs().head_run};
  for (int h = 0; h < history_runs; ++h) {
    input.history.push_back({bgbench::perturbed_run(inputs().base_run, 100 + h, 0.01, 0.02)});
  }
  return input;
}

const bg::Comparison& comparison() {
  static const bg::Comparison cmp = bg::compare_runs(compare_input(0));
  return cmp;
}

bg::ReportOptions report_options() {
  bg::ReportOptions options;
  options.budget = bg::Config{}.report_budget;  // 60,000
  return options;
}

void BM_Ingest(benchmark::State& state) {
  const std::string& text = inputs().base_json;
  for (auto _ : state) {
    bg::Run run = bg::ingest_benchmark_json(text, "base.json");
    benchmark::DoNotOptimize(run.benchmarks.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["json_MB"] = static_cast<double>(text.size()) / 1e6;
}

// The same file through ingest_results, as `record --input` reads it: every adapter's sniff first
// (issue 16: content sniffing must stay cheap next to the parse).
void BM_IngestSniffed(benchmark::State& state) {
  const std::string& text = inputs().base_json;
  for (auto _ : state) {
    bg::Run run = bg::ingest_results(text, "base.json");
    benchmark::DoNotOptimize(run.benchmarks.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_Compare(benchmark::State& state, int history_runs) {
  const bg::CompareInput input = compare_input(history_runs);
  for (auto _ : state) {
    bg::Comparison cmp = bg::compare_runs(input);
    benchmark::DoNotOptimize(cmp.benchmarks.data());
  }
  state.counters["rows"] = static_cast<double>(comparison().benchmarks.size());
}

void BM_Render(benchmark::State& state) {
  const bg::Comparison& cmp = comparison();
  const std::string& tmpl = inputs().template_text;
  std::size_t size = 0;
  for (auto _ : state) {
    std::string md = bg::render_markdown(cmp, tmpl, "pr-comment", report_options());
    size = md.size();
    benchmark::DoNotOptimize(md.data());
  }
  state.counters["report_chars"] = static_cast<double>(size);
}

void BM_Pipeline(benchmark::State& state) {
  const Inputs& in = inputs();
  std::size_t size = 0;
  for (auto _ : state) {
    bg::CompareInput input;
    input.base_runs.push_back(bg::ingest_benchmark_json(in.base_json, "base.json"));
    input.head_runs.push_back(bg::ingest_benchmark_json(in.head_json, "head.json"));
    const bg::Comparison cmp = bg::compare_runs(input);
    std::string md = bg::render_markdown(cmp, in.template_text, "pr-comment", report_options());
    size = md.size();
    benchmark::DoNotOptimize(md.data());
  }
  state.SetBytesProcessed(
      static_cast<std::int64_t>(state.iterations() * (in.base_json.size() + in.head_json.size())));
  state.counters["report_chars"] = static_cast<double>(size);
}

// Time log_command itself (open, walk, read and parse every note, build the series, render_log)
// with std::cout redirected into a string.
// `stored` commits carry notes; log walks the newest kLogCommits of them.
void BM_Log(benchmark::State& state, int stored) {
  static std::map<int, std::unique_ptr<bgbench::LogFixture>> fixtures;
  auto& slot = fixtures[stored];
  if (!slot) slot = std::make_unique<bgbench::LogFixture>(stored, kLogBenchmarks, kLogRepetitions);
  const bgbench::LogFixture& fixture = *slot;
  bg::GlobalOptions global;
  global.repo_path = fixture.path();
  global.quiet = true;
  bg::LogOptions options;
  options.rev = "HEAD";
  options.limit = kLogCommits;
  std::size_t size = 0;
  for (auto _ : state) {
    std::ostringstream out;
    std::streambuf* saved = std::cout.rdbuf(out.rdbuf());
    int rc = 0;
    try {
      rc = bg::log_command(global, options);
    } catch (...) {
      std::cout.rdbuf(saved);
      throw;
    }
    std::cout.rdbuf(saved);
    if (rc != 0) state.SkipWithError("log_command failed");
    size = out.str().size();
  }
  state.counters["notes_MB"] = static_cast<double>(fixture.note_bytes()) / 1e6;
  state.counters["output_chars"] = static_cast<double>(size);
}

// What `changes` computes once the notes are read (issue 13): the series of every benchmark (one
// point per stored run, the median of its repetitions) and its change points. 1,000 commits with
// one run each, 1,000 benchmarks x 10 repetitions, 2 % between-run noise, a +8 % step on every
// tenth benchmark at commit 600.
void BM_ChangePoints(benchmark::State& state) {
  static const std::vector<std::vector<bg::Run>> history = [] {
    std::mt19937_64 rng(13);
    std::normal_distribution<double> between(0.0, 0.02), within(0.0, 0.01);
    std::vector<std::vector<bg::Run>> out(kChangeCommits);
    for (int c = 0; c < kChangeCommits; ++c) {
      bg::Run run;
      for (int b = 0; b < kChangeBenchmarks; ++b) {
        bg::BenchmarkResult r;
        r.name = "BM_changes/" + std::to_string(b);
        const double level =
            1000.0 * (1 + b % 7) * std::exp(between(rng)) * (b % 10 == 0 && c >= 600 ? 1.08 : 1);
        for (int k = 0; k < kChangeRepetitions; ++k)
          r.real_time_ns.push_back(level * std::exp(within(rng)));
        r.cpu_time_ns = r.real_time_ns;
        run.benchmarks.push_back(std::move(r));
      }
      out[c].push_back(std::move(run));
    }
    return out;
  }();
  const bg::ChangePointOptions options = bg::change_point_options(bg::Config{});
  std::size_t found = 0, on_unchanged = 0;
  for (auto _ : state) {
    found = on_unchanged = 0;
    for (const auto& [name, series] : bg::history_series(history, bg::Metric::real_time)) {
      const std::size_t n = bg::find_change_points(series, options).size();
      found += n;
      if (!name.ends_with('0')) on_unchanged += n;  // the stepped ones end in 0
    }
  }
  state.counters["change_points"] = static_cast<double>(found);
  state.counters["on_unchanged"] = static_cast<double>(on_unchanged);
}

void register_all() {
  const std::string size = std::to_string(kBenchmarks) + "x" + std::to_string(kRepetitions);
  auto configure = [](benchmark::internal::Benchmark* b) { b->Unit(benchmark::kMillisecond); };
  configure(benchmark::RegisterBenchmark(("harness/ingest/" + size).c_str(), BM_Ingest));
  configure(benchmark::RegisterBenchmark(("harness/ingest_sniffed/" + size).c_str(), BM_IngestSniffed));
  configure(benchmark::RegisterBenchmark(("harness/compare/" + size).c_str(), BM_Compare, 0));
  configure(benchmark::RegisterBenchmark(
      ("harness/compare/" + size + "/history:" + std::to_string(kHistoryRuns)).c_str(), BM_Compare,
      kHistoryRuns));
  configure(benchmark::RegisterBenchmark(("harness/render/" + size).c_str(), BM_Render));
  configure(
      benchmark::RegisterBenchmark(("harness/ingest_compare_render/" + size).c_str(), BM_Pipeline));
  configure(benchmark::RegisterBenchmark(
      ("harness/log/" + std::to_string(kLogCommits) + "commits").c_str(), BM_Log, kLogCommits));
  // Opt-in (slow to set up): the same walk with 4x as many notes on the ref, which shows how the
  // cost of reading one note grows with the number of notes stored.
  if (std::getenv("BENCH_HARNESS_LOG_SCALING") != nullptr) {
    configure(benchmark::RegisterBenchmark(("harness/log/" + std::to_string(kLogCommits) +
                                            "commits/stored:" + std::to_string(4 * kLogCommits))
                                               .c_str(),
                                           BM_Log, 4 * kLogCommits));
    configure(benchmark::RegisterBenchmark(("harness/log/" + std::to_string(kLogCommits) +
                                            "commits/stored:" + std::to_string(20 * kLogCommits))
                                               .c_str(),
                                           BM_Log, 20 * kLogCommits));
  }
  configure(benchmark::RegisterBenchmark(
      ("harness/changepoints/" + std::to_string(kChangeCommits) + "commits/" +
       std::to_string(kChangeBenchmarks) + "benchmarks")
          .c_str(),
      BM_ChangePoints));
}

int emit_json(const std::string& dir, int benchmarks, int repetitions) {
  if (benchmarks < 20 || repetitions < 1) {
    std::cerr << "bench-harness: --emit-json needs at least 20 benchmarks and 1 repetition\n";
    return 2;
  }
  for (auto side : {bgbench::Side::base, bgbench::Side::head}) {
    const std::string path = dir + (side == bgbench::Side::base ? "/base.json" : "/head.json");
    std::ofstream out(path, std::ios::binary);
    out << bgbench::synthetic_gbench_json(spec_of(side, benchmarks, repetitions));
    if (!out.flush()) {
      std::cerr << "bench-harness: cannot write " << path << "\n";
      return 2;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && argc <= 5 && std::strcmp(argv[1], "--emit-json") == 0) {
    return emit_json(argv[2], argc >= 4 ? std::atoi(argv[3]) : kBenchmarks,
                     argc >= 5 ? std::atoi(argv[4]) : kRepetitions);
  }
  // Defaults that keep the run near a minute and the names bare (harness/<op>/<size>): one
  // iteration per repetition (every op takes far more than 10 ms), 3 repetitions. Flags given on
  // the command line come later and win.
  std::vector<char*> args = {argv[0]};
  std::string min_time = "--benchmark_min_time=0.01", repetitions = "--benchmark_repetitions=3";
  args.push_back(min_time.data());
  args.push_back(repetitions.data());
  for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
