#include "pii/span.hpp"

namespace wl {

std::string_view type_name(PiiType type) {
  static constexpr std::string_view kNames[kPiiTypeCount] = {"email", "iban", "card", "ssn",
                                                             "phone", "ipv6", "ipv4"};
  return kNames[static_cast<int>(type)];
}

std::string_view redaction_label(PiiType type) {
  static constexpr std::string_view kLabels[kPiiTypeCount] = {
      "[EMAIL]", "[IBAN]", "[CARD]", "[SSN]", "[PHONE]", "[IPV6]", "[IPV4]"};
  return kLabels[static_cast<int>(type)];
}

}  // namespace wl
