#include "bench_gate/util/ids.hpp"

#include <random>

namespace bg::util {

std::string short_id(std::string_view id) {
  return std::string(id.substr(0, std::min(id.size(), kShortIdLength)));
}

std::string new_run_id() {
  std::random_device rd;
  std::string id;
  const char* hex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) id += hex[rd() & 15];
  return id;
}

}  // namespace bg::util
