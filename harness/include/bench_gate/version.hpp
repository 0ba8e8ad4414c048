// The version of bench-gate, from `git describe` at build time (see cmake/BenchGateVersion.cmake).
#pragma once

namespace bg {

// Return the version, e.g. "1.0.0", "1.0.0-3-g1a2b3c4" (3 commits after the tag v1.0.0), or the
// project version when built outside git.
const char* tool_version() noexcept;

}  // namespace bg
