// Compiled only into sanitized builds (BENCH_GATE_SANITIZE, BENCH_GATE_FUZZ; see
// harness/CMakeLists.txt), never into the shipped tool: LeakSanitizer's defaults for bench-gate.
// libgit2 1.5 leaks the PCRE2 match data of every regular expression that does not match
// (git_regexp_match returns before pcre2_match_data_free), hit by config lookups such as
// git_remote_lookup. LeakSanitizer builds (BENCH_GATE_SANITIZE) would fail on that library bug;
// suppress allocations made inside PCRE2 (used only by libgit2 here), report everything else.
extern "C" const char* __lsan_default_suppressions() {
  // libgit2 1.5 leaks PCRE2 data on config lookups, and small allocations inside itself during
  // sync over shallow-fetched notes (git_graph_reachable_from_any; 64-80 bytes, reported with
  // only libgit2 frames). Suppressed by library: a leaked handle of ours would also be allocated
  // inside libgit2, so every handle is held by an RAII type (libgit2.hpp) instead.
  return "leak:libpcre2-8.so\nleak:git_graph_reachable_from_any\nleak:libgit2.so\n";
}
extern "C" const char* __lsan_default_options() { return "print_suppressions=0"; }
