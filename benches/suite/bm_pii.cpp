// pii/<operation>/<size>: Hyperscan PII detection (find spans, redact) over the deterministic
// labelled corpus; records/1KB scans many small records with one reused scratch.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "pii/corpus.hpp"
#include "pii/detector.hpp"

namespace {

constexpr std::size_t kRecordCount = 1000;

const wl::Detector& detector() {
  static const wl::Detector d;
  return d;
}

const wl::LabelledText& sentence() {
  static const wl::LabelledText t = wl::make_pii_sentence();
  return t;
}

const wl::LabelledText& document_10k() {
  static const wl::LabelledText t = wl::make_pii_document(10 << 10);
  return t;
}

const wl::LabelledText& corpus_1m() {
  static const wl::LabelledText t = wl::make_pii_document(1 << 20);
  return t;
}

const wl::LabelledText& corpus_1m_dense() {
  static const wl::LabelledText t = wl::make_pii_document(1 << 20, 42, wl::PiiDensity::dense);
  return t;
}

const std::vector<wl::LabelledText>& records_1k() {
  static const std::vector<wl::LabelledText> r = wl::make_pii_records(kRecordCount, 1 << 10);
  return r;
}

const wl::Detector& som_detector() {
  static const wl::Detector d(wl::StartOffsets::hyperscan_som);
  return d;
}

void find_text(benchmark::State& state, const wl::LabelledText& input,
               const wl::Detector& d = detector()) {
  wl::PiiScratch scratch(d);
  std::vector<wl::Span> spans;
  for (auto _ : state) {
    d.find(input.text, scratch, spans);
    benchmark::DoNotOptimize(spans.data());
  }
  if (spans.size() != input.spans.size()) state.SkipWithError("span count differs from labels");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.text.size()));
  state.counters["spans"] = static_cast<double>(spans.size());
}

void BM_find_sentence(benchmark::State& state) { find_text(state, sentence()); }
void BM_find_10KB(benchmark::State& state) { find_text(state, document_10k()); }
void BM_find_1MB(benchmark::State& state) { find_text(state, corpus_1m()); }
void BM_find_1MB_dense(benchmark::State& state) { find_text(state, corpus_1m_dense()); }
void BM_find_1MB_som(benchmark::State& state) { find_text(state, corpus_1m(), som_detector()); }

void BM_redact_1MB(benchmark::State& state) {
  const wl::Detector& d = detector();
  const wl::LabelledText& input = corpus_1m();
  wl::PiiScratch scratch(d);
  std::string out;
  for (auto _ : state) {
    d.redact(input.text, scratch, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.text.size()));
}

void BM_records_1KB(benchmark::State& state) {
  const wl::Detector& d = detector();
  const auto& records = records_1k();
  std::size_t bytes = 0;
  for (const auto& r : records) bytes += r.text.size();
  wl::PiiScratch scratch(d);
  std::vector<wl::Span> spans;
  for (auto _ : state) {
    for (const auto& r : records) {
      d.find(r.text, scratch, spans);
      benchmark::DoNotOptimize(spans.data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * records.size()));
}

BENCHMARK(BM_find_sentence)->Name("pii/find/sentence");
BENCHMARK(BM_find_10KB)->Name("pii/find/10KB");
BENCHMARK(BM_find_1MB)->Name("pii/find/1MB")->Unit(benchmark::kMillisecond);
// Worst case: about one span per 110 bytes (PiiDensity::dense).
BENCHMARK(BM_find_1MB_dense)
    ->Name("pii/find/1MB_dense")
    ->Unit(benchmark::kMillisecond);
// Start offsets from HS_FLAG_SOM_LEFTMOST instead of the left extension, for comparison.
BENCHMARK(BM_find_1MB_som)
    ->Name("pii/find_som/1MB")
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_redact_1MB)->Name("pii/redact/1MB")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_records_1KB)
    ->Name("pii/records/1KB")
    ->Unit(benchmark::kMillisecond);

}  // namespace
