// The generated corpus is deterministic and labelled; the detector must reproduce its labels
// exactly (precision and recall 1.0) on the 10 KB document, the 1 MB corpora and the records.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "pii/corpus.hpp"
#include "pii/detector.hpp"
#include "pii/validators.hpp"

namespace {

struct Score {
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;
  // Both are 1 when there is nothing to find and nothing was found.
  double precision() const {
    if (true_positives + false_positives == 0) return 1.0;
    return static_cast<double>(true_positives) /
           static_cast<double>(true_positives + false_positives);
  }
  double recall() const {
    if (true_positives + false_negatives == 0) return 1.0;
    return static_cast<double>(true_positives) /
           static_cast<double>(true_positives + false_negatives);
  }
};

Score score(const wl::LabelledText& labelled, const std::vector<wl::Span>& found) {
  using Key = std::tuple<int, std::size_t, std::size_t>;
  auto key = [](const wl::Span& s) { return Key{static_cast<int>(s.type), s.begin, s.end}; };
  std::set<Key> truth;
  for (const wl::Span& s : labelled.spans) truth.insert(key(s));
  Score out;
  for (const wl::Span& s : found) {
    if (truth.count(key(s)) != 0) {
      ++out.true_positives;
    } else {
      ++out.false_positives;
      MESSAGE("false positive " << wl::type_name(s.type) << ": "
                                << labelled.text.substr(s.begin, s.end - s.begin));
    }
  }
  out.false_negatives = truth.size() - out.true_positives;
  return out;
}

void check_exact(const wl::LabelledText& labelled, wl::StartOffsets mode) {
  static const wl::Detector extension(wl::StartOffsets::left_extension);
  static const wl::Detector som(wl::StartOffsets::hyperscan_som);
  const wl::Detector& d = mode == wl::StartOffsets::hyperscan_som ? som : extension;
  Score s = score(labelled, d.find(labelled.text));
  CHECK(s.precision() == 1.0);
  CHECK(s.recall() == 1.0);
  CHECK(s.true_positives == labelled.spans.size());
}

constexpr wl::StartOffsets kModes[] = {wl::StartOffsets::left_extension,
                                       wl::StartOffsets::hyperscan_som};

}  // namespace

TEST_CASE("pii corpus: deterministic for a seed, different across seeds") {
  wl::LabelledText a = wl::make_pii_document(10 << 10, 7);
  wl::LabelledText b = wl::make_pii_document(10 << 10, 7);
  wl::LabelledText c = wl::make_pii_document(10 << 10, 8);
  CHECK(a.text == b.text);
  CHECK(a.spans == b.spans);
  CHECK(a.text != c.text);
  CHECK(wl::make_pii_sentence(3).text == wl::make_pii_sentence(3).text);
}

TEST_CASE("pii corpus: sizes and labels are well formed") {
  wl::LabelledText sentence = wl::make_pii_sentence();
  CHECK(sentence.text.size() >= 30);
  CHECK(sentence.text.size() <= 90);
  CHECK(sentence.spans.size() == 1);
  wl::LabelledText doc = wl::make_pii_document(10 << 10);
  CHECK(doc.text.size() >= 10 << 10);
  CHECK(doc.text.size() < (10 << 10) + 512);
  // Every label is a valid span of its type, labels are sorted and disjoint, and the text holds
  // each kind of PII.
  std::set<wl::PiiType> types;
  for (std::size_t i = 0; i < doc.spans.size(); ++i) {
    const wl::Span& s = doc.spans[i];
    CHECK(wl::span_valid(doc.text, s.begin, s.end, s.type));
    if (i > 0) CHECK(doc.spans[i - 1].end <= s.begin);
    types.insert(s.type);
  }
  CHECK(types.size() == static_cast<std::size_t>(wl::kPiiTypeCount));
  auto records = wl::make_pii_records(20, 1 << 10);
  REQUIRE(records.size() == 20);
  for (const auto& r : records) {
    CHECK(r.text.size() >= 1 << 10);
    CHECK(r.text.size() < (1 << 10) + 512);
  }
}

TEST_CASE("pii corpus: hard negatives are present") {
  wl::LabelledText doc = wl::make_pii_document(1 << 20);
  for (std::string_view needle : {"localhost", "1.2.3.4.5", "256.1.1.1", "with a check digit error",
                                  "checksum is wrong", "never issued", "Ledger entry", "MAC"}) {
    CAPTURE(needle);
    CHECK(doc.text.find(needle) != std::string::npos);
  }
}

TEST_CASE("pii corpus: precision and recall are exactly 1") {
  for (wl::StartOffsets mode : kModes) {
    CAPTURE(static_cast<int>(mode));
    SUBCASE("sentence") { check_exact(wl::make_pii_sentence(), mode); }
    SUBCASE("10 KB document") { check_exact(wl::make_pii_document(10 << 10), mode); }
    SUBCASE("1 MB corpus") { check_exact(wl::make_pii_document(1 << 20), mode); }
    SUBCASE("1 MB dense corpus") {
      check_exact(wl::make_pii_document(1 << 20, 42, wl::PiiDensity::dense), mode);
    }
    SUBCASE("other seeds") {
      for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        check_exact(wl::make_pii_document(256 << 10, seed, wl::PiiDensity::dense), mode);
      }
    }
    SUBCASE("1 KB records") {
      std::size_t labelled = 0;
      for (const auto& record : wl::make_pii_records(300, 1 << 10)) {
        check_exact(record, mode);
        labelled += record.spans.size();
      }
      CHECK(labelled > 300);
    }
  }
}
