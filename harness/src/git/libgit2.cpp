#include "bench_gate/git/libgit2.hpp"

#include <cctype>

#include "bench_gate/util/error.hpp"

namespace bg::git {

Libgit2::Libgit2() { git_libgit2_init(); }
Libgit2::~Libgit2() { git_libgit2_shutdown(); }
Libgit2::Libgit2(const Libgit2&) { git_libgit2_init(); }

std::string last_error_message() {
  const git_error* error = git_error_last();
  return (error != nullptr && error->message != nullptr) ? error->message : "";
}

void throw_git_error(std::string_view what) {
  std::string message(what);
  const std::string detail = last_error_message();
  if (!detail.empty()) message += ": " + detail;
  throw Error(ExitCode::input_error, message);
}

int check(int rc, std::string_view what) {
  if (rc < 0) throw_git_error(what);
  return rc;
}

std::string to_hex(const git_oid& id) {
  char text[GIT_OID_HEXSZ + 1];
  git_oid_tostr(text, sizeof text, &id);
  return text;
}

std::optional<git_oid> parse_oid(std::string_view hex) {
  if (hex.size() != GIT_OID_HEXSZ) return std::nullopt;
  for (char c : hex) {
    if (std::isxdigit(static_cast<unsigned char>(c)) == 0) return std::nullopt;
  }
  git_oid id;
  if (git_oid_fromstrn(&id, hex.data(), hex.size()) < 0) return std::nullopt;
  return id;
}

git_oid require_oid(std::string_view hex) {
  std::optional<git_oid> id = parse_oid(hex);
  if (!id) {
    throw Error(ExitCode::input_error,
                "invalid commit id '" + std::string(hex) + "' (expected 40 hex digits)");
  }
  return *id;
}

}  // namespace bg::git
