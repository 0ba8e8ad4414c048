#include "bench_gate/environment.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <set>

namespace bg {
namespace {

using nlohmann::json;

std::string fact_string(const json& context, const char* key) {
  auto it = context.find(key);
  if (it == context.end() || it->is_null()) return "?";
  if (it->is_string()) return it->get<std::string>();
  return it->dump(-1, ' ', false, json::error_handler_t::replace);
}

// The first of `keys` that the context holds as a non-empty string, else "".
std::string first_string(const json& context, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    auto it = context.find(key);
    if (it != context.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
      return it->get<std::string>();
    }
  }
  return "";
}

}  // namespace

Environment environment_from_context(json context) {
  Environment e;
  if (!context.is_object()) context = json::object();
  e.host = first_string(context, {"host_name"});
  e.compiler = first_string(context, {"bench_gate_suite_compiler", "compiler"});
  e.build_type = first_string(context, {"bench_gate_suite_build_type", "build_type"});
  e.compiler_flags = first_string(context, {"bench_gate_suite_compiler_flags", "compiler_flags"});
  if (e.build_type.empty()) {
    const std::string library = first_string(context, {"library_build_type"});
    if (!library.empty()) e.build_type = library + " (benchmark library)";
  }
  e.fingerprint = environment_fingerprint(context);
  e.context = std::move(context);
  return e;
}

std::vector<std::pair<std::string, std::string>> environment_facts(const json& context) {
  std::vector<std::pair<std::string, std::string>> facts;
  if (!context.is_object()) return facts;
  facts.emplace_back("host_name", fact_string(context, "host_name"));
  facts.emplace_back("num_cpus", fact_string(context, "num_cpus"));
  std::string mhz = "?";
  if (auto it = context.find("mhz_per_cpu"); it != context.end() && it->is_number()) {
    const double value = it->get<double>();
    if (std::isfinite(value) && value >= 0 && value < 1e9) {
      mhz = std::to_string(std::llround(value / 100.0) * 100);
    }
  }
  facts.emplace_back("mhz_per_cpu", mhz);
  facts.emplace_back("cpu_scaling_enabled", fact_string(context, "cpu_scaling_enabled"));
  std::vector<std::string> caches;
  if (auto it = context.find("caches"); it != context.end() && it->is_array()) {
    for (const auto& cache : *it) {
      if (!cache.is_object()) continue;
      std::string text = "L";
      text += fact_string(cache, "level");
      text += ' ';
      text += fact_string(cache, "type");
      text += ' ';
      text += fact_string(cache, "size");
      caches.push_back(std::move(text));
    }
  }
  std::sort(caches.begin(), caches.end());
  std::string cache_text;
  for (const auto& c : caches) cache_text += (cache_text.empty() ? "" : ", ") + c;
  facts.emplace_back("caches", cache_text);
  return facts;
}

std::string environment_fingerprint(const json& context) {
  std::string canonical;
  for (const auto& [key, value] : environment_facts(context)) {
    canonical += key + "=" + value + "\n";
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw Error(ExitCode::input_error, "environment fingerprint: SHA-256 failed");
  }
  std::string hex;
  hex.reserve(length * 2);
  char buffer[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(buffer, sizeof buffer, "%02x", digest[i]);
    hex += buffer;
  }
  return hex;
}

namespace {

// A byte count with thousands separators: 12,345.
std::string grouped(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

// The known values of one fact on one side, as a set of texts.
std::set<std::string> known(const std::vector<Environment>& side,
                            const std::function<std::string(const Environment&)>& fact) {
  std::set<std::string> values;
  for (const auto& e : side) {
    std::string v = fact(e);
    if (!v.empty()) values.insert(std::move(v));
  }
  return values;
}

std::string joined(const std::set<std::string>& values) {
  std::string text;
  for (const auto& v : values) text += (text.empty() ? "" : ", ") + v;
  return text;
}

}  // namespace

std::vector<std::string> process_fact_differences(const std::vector<Environment>& base,
                                                  const std::vector<Environment>& head) {
  std::vector<std::string> out;
  // Sizes: one line with the difference when each side has one known value. Differences below
  // `tolerance` are not named: starting the gate another way (a shell's `$_`, OLDPWD, a job id)
  // moves the environment by tens of bytes on every run, and calling that "a different
  // environment" in every report would teach readers to skip the warning; the case that moved a
  // real nightly was a CI environment kilobytes larger than the recording shell's.
  auto sizes = [&](const char* what, long long Environment::*field, long long tolerance,
                   const char* why) {
    std::set<long long> b, h;
    for (const auto& e : base)
      if (e.*field >= 0) b.insert(e.*field);
    for (const auto& e : head)
      if (e.*field >= 0) h.insert(e.*field);
    if (b.empty() || h.empty() || b == h) return;
    if (std::llabs(*h.begin() - *b.begin()) < tolerance &&
        std::llabs(*h.rbegin() - *b.rbegin()) < tolerance) {
      return;
    }
    std::string text = std::string(what) + ": ";
    auto list = [](const std::set<long long>& values) {
      std::string t;
      for (long long v : values) t += (t.empty() ? "" : ", ") + grouped(v);
      return t;
    };
    text += list(b) + " → " + list(h) + " bytes";
    if (b.size() == 1 && h.size() == 1) {
      const long long d = *h.begin() - *b.begin();
      text += " (" + std::string(d > 0 ? "+" : "") + grouped(d) + "; " + why + ")";
    }
    out.push_back(std::move(text));
  };
  sizes("environment block", &Environment::environment_bytes, kEnvironmentBytesTolerance,
        "getenv() scans it and the stack starts lower");
  sizes("working-directory path", &Environment::working_directory_length,
        kWorkingDirectoryTolerance, "moves the stack and path-dependent allocations");
  auto texts = [&](const char* what, std::string Environment::*field) {
    auto value = [field](const Environment& e) { return e.*field; };
    const auto b = known(base, value), h = known(head, value);
    if (!b.empty() && !h.empty() && b != h) {
      out.push_back(std::string(what) + ": " + joined(b) + " → " + joined(h));
    }
  };
  texts("ASLR (randomize_va_space)", &Environment::aslr);
  texts("CPU governor", &Environment::cpu_governor);
  texts("compiler flags", &Environment::compiler_flags);
  return out;
}

}  // namespace bg
