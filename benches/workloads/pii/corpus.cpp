#include "pii/corpus.hpp"

#include "pii/fake_values.hpp"

#include <array>
#include <initializer_list>
#include <string_view>

namespace wl {
namespace {

using pii_fake::Rng;
using pii_fake::Validity;

// Append `tmpl` to `out`, expanding {TOKEN}s; PII tokens are recorded as labelled spans.
void expand(Rng& rng, std::string_view tmpl, LabelledText& out) {
  std::size_t pos = 0;
  while (pos < tmpl.size()) {
    std::size_t open = tmpl.find('{', pos);
    if (open == std::string_view::npos) {
      out.text.append(tmpl.substr(pos));
      return;
    }
    out.text.append(tmpl.substr(pos, open - pos));
    std::size_t close = tmpl.find('}', open);
    std::string_view kind = tmpl.substr(open + 1, close - open - 1);
    pos = close + 1;
    std::string value;
    PiiType type{};
    bool pii = true;
    if (kind == "EMAIL") {
      value = pii_fake::email(rng), type = PiiType::email;
    } else if (kind == "PHONE") {
      value = pii_fake::phone(rng), type = PiiType::phone;
    } else if (kind == "SSN") {
      value = pii_fake::ssn(rng, Validity::valid), type = PiiType::ssn;
    } else if (kind == "CARD") {
      value = pii_fake::card(rng, Validity::valid), type = PiiType::card;
    } else if (kind == "IPV4") {
      value = pii_fake::ipv4(rng), type = PiiType::ipv4;
    } else if (kind == "IPV6") {
      value = pii_fake::ipv6(rng), type = PiiType::ipv6;
    } else if (kind == "IBAN") {
      value = pii_fake::iban(rng, Validity::valid), type = PiiType::iban;
    } else {
      value = pii_fake::filler(rng, kind), pii = false;
    }
    if (pii) out.spans.push_back({type, out.text.size(), out.text.size() + value.size()});
    out.text += value;
  }
}

constexpr std::array<std::string_view, 16> kPiiTemplates = {
    "Please contact {NAME} at {EMAIL} before {DATE}.",
    "You can reach the front desk on {PHONE} between {TIME} and {TIME}.",
    "The applicant listed SSN {SSN} on the form sent from {CITY}.",
    "Payment was made with card {CARD} for order {ORDER}.",
    "Login attempts from {IPV4} were blocked after {N} failures.",
    "The service now listens on {IPV6} and answers within {N} ms.",
    "Wire the refund to {IBAN} with reference {ORDER}.",
    "{NAME} wrote from {EMAIL} asking to be called back on {PHONE} today.",
    "Our records show {NAME} used {CARD} and phone {PHONE} last week.",
    "Forward the logs of host {IPV4} to {EMAIL} by {DATE}.",
    "Traffic between {IPV6} and {IPV4} doubled in {CITY} overnight.",
    "The payroll file contains SSN {SSN} and account {IBAN} for {NAME}.",
    "Ask {NAME} (mobile {PHONE}) about the delivery to {CITY}.",
    "Refunds for {CARD} go back to the same card within {N} days.",
    "Her new address is <{EMAIL}>; the old one bounced.",
    "Gateway {IPV4}:8080 forwards to {IPV6} on port {N}.",
};

constexpr std::array<std::string_view, 12> kNegativeTemplates = {
    "Release {VERSION} shipped on {DATE} at {TIME} after {N} builds.",
    "The test card {BADCARD} was declined because its checksum is wrong.",
    "The form rejected {BADSSN} since that number is never issued.",
    "Mail sent to {LOCALMAIL} never leaves the build machine.",
    "Address {BADIP} is out of range and was ignored.",
    "The bank returned {BADIBAN} with a check digit error.",
    "Ledger entry {LONGNUM} was archived in {CITY}.",
    "Dial extension {BADPHONE} for the help desk.",
    "The switch port with MAC {MAC} went down at {TIME}.",
    "Invoice {ORDER} totals ${N}.{N} and is due on {DATE}.",
    "Build {VERSION} fixed {N} bugs reported since {DATE}.",
    "Batch {LONGNUM} and card {BADCARD} were both flagged by {NAME}.",
};

constexpr std::array<std::string_view, 16> kPlainTemplates = {
    "The quarterly review in {CITY} covers {N} topics and a short demo.",
    "{NAME} thinks the new dashboard is much easier to read.",
    "We moved the weekly sync to {TIME} on {DATE} for everyone.",
    "Nobody expected the migration to finish before lunch.",
    "The team in {CITY} shipped {N} small fixes and one large feature.",
    "Please keep replies short and on topic.",
    "Attendance was {N} people, slightly more than last time.",
    "Coffee supplies ran out again on the third floor.",
    "The customer said the parcel arrived late but undamaged, and asked whether the "
    "courier could leave future deliveries with a neighbour.",
    "After a long discussion the committee agreed to postpone the decision until the "
    "auditors have finished their report.",
    "{NAME} summarised the incident: a configuration change reached production without "
    "review and was rolled back within the hour.",
    "Thanks for the quick reply; I will forward the details to the rest of the team.",
    "The new onboarding guide explains where to find the style rules, how to request "
    "access, and who to ask when something is unclear.",
    "Support tickets about slow logins dropped sharply once the cache was warmed.",
    "Could you confirm whether the contract renewal still needs a signature from legal?",
    "Our office in {CITY} will be closed for the public holiday.",
};
constexpr std::array<std::string_view, 4> kShortTemplates = {
    "Please contact {NAME} at {EMAIL} before noon.",
    "Please call {NAME} on {PHONE} after lunch today.",
    "The card {CARD} was charged twice this week.",
    "We blocked {IPV4} after {N} failed logins today.",
};

std::string_view pick_template(Rng& rng, PiiDensity density) {
  // typical: 25 % of sentences carry PII, 15 % a hard negative; dense: 16 : 12 : 8 templates.
  int roll = rng.range(0, 99);
  int pii = density == PiiDensity::typical ? 25 : 44;
  int negative = density == PiiDensity::typical ? 15 : 34;
  if (roll < pii) return rng.pick(kPiiTemplates);
  if (roll < pii + negative) return rng.pick(kNegativeTemplates);
  return rng.pick(kPlainTemplates);
}

void append_sentences(Rng& rng, std::size_t min_bytes, PiiDensity density, LabelledText& out) {
  int in_paragraph = 0;
  while (out.text.size() < min_bytes) {
    if (!out.text.empty()) out.text += in_paragraph == 0 ? "\n\n" : " ";
    expand(rng, pick_template(rng, density), out);
    in_paragraph = (in_paragraph + 1) % 6;
  }
}

}  // namespace

LabelledText make_pii_sentence(std::uint64_t seed) {
  Rng rng(seed);
  LabelledText out;
  expand(rng, rng.pick(kShortTemplates), out);
  return out;
}

LabelledText make_pii_document(std::size_t min_bytes, std::uint64_t seed, PiiDensity density) {
  Rng rng(seed);
  LabelledText out;
  out.text.reserve(min_bytes + 256);
  append_sentences(rng, min_bytes, density, out);
  return out;
}

std::vector<LabelledText> make_pii_records(std::size_t count, std::size_t record_bytes,
                                           std::uint64_t seed, PiiDensity density) {
  Rng rng(seed);
  std::vector<LabelledText> records(count);
  for (LabelledText& record : records) append_sentences(rng, record_bytes, density, record);
  return records;
}

}  // namespace wl
