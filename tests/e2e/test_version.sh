#!/usr/bin/env bash
# The version bench-gate reports (cmake/BenchGateVersion.cmake): `git describe` of the source tree
# with tags vMAJOR.MINOR.PATCH, the project() version outside git; and the Debian package version
# cpack derives from it.
source "$(dirname "$0")/lib.sh"
root=${BENCH_GATE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
script=$root/cmake/BenchGateVersion.cmake

version_of() {  # version_of SOURCE-DIR: what a build of that tree would report
  rm -rf "$WORK/out"
  cmake -DSOURCE_DIR="$1" -DFALLBACK=9.8.7 -DOUTPUT_DIR="$WORK/out" -P "$script" ||
    fail "cmake -P $script failed"
  grep -q "return \"$(cat "$WORK/out/version.txt")\"" "$WORK/out/version.cpp" ||
    fail "version.cpp and version.txt disagree"
  cat "$WORK/out/version.txt"
}
package_of() {  # package_of VERSION: the Debian package version
  printf 'include(%s)\nbench_gate_package_version("%s" p)\nmessage(NOTICE "${p}")\n' "$script" "$1" \
    > "$WORK/package.cmake"
  cmake -P "$WORK/package.cmake" 2>&1
}

mkdir -p "$WORK/plain"
[[ $(version_of "$WORK/plain") == 9.8.7 ]] || fail "outside git: not the project version"

new_repo "$WORK/src"
sha=$(git -C "$WORK/src" rev-parse --short=7 HEAD)
[[ $(version_of "$WORK/src") == "9.8.7-g$sha" ]] || fail "no tag: $(version_of "$WORK/src")"

git -C "$WORK/src" tag v1.2.3
git -C "$WORK/src" tag v1            # a moving major tag (for the action) is not a version
git -C "$WORK/src" tag nightly-2026  # neither is any other tag
[[ $(version_of "$WORK/src") == 1.2.3 ]] || fail "on the tag: $(version_of "$WORK/src")"

commit "$WORK/src" "after the release"
got=$(version_of "$WORK/src")
[[ $got =~ ^1\.2\.3-1-g[0-9a-f]{7,}$ ]] || fail "one commit after the tag: $got"
echo "local change" >> "$WORK/src/file.txt"
got=$(version_of "$WORK/src")
[[ $got =~ ^1\.2\.3-1-g[0-9a-f]{7,}-dirty$ ]] || fail "uncommitted change: $got"

# version.cpp is rewritten only when the version changes (a build then recompiles one file).
touch -d '2000-01-01' "$WORK/out/version.cpp"
cmake -DSOURCE_DIR="$WORK/src" -DFALLBACK=9.8.7 -DOUTPUT_DIR="$WORK/out" -P "$script"
[[ $(stat -c %Y "$WORK/out/version.cpp") == $(date -d '2000-01-01' +%s) ]] ||
  fail "version.cpp was rewritten with the same version"
pass "git describe: 9.8.7 outside git, 9.8.7-g<sha> untagged, 1.2.3 on v1.2.3, 1.2.3-1-g<sha>[-dirty] after it"

[[ $(package_of 1.2.3) == 1.2.3 ]] || fail "package version of 1.2.3: $(package_of 1.2.3)"
[[ $(package_of 1.2.3-4-gabc1234) == 1.2.3+4.gabc1234 ]] || fail "package: $(package_of 1.2.3-4-gabc1234)"
[[ $(package_of 1.2.3-4-gabc1234-dirty) == 1.2.3+4.gabc1234+dirty ]] || fail "package of a dirty tree"
[[ $(package_of 9.8.7-gabc1234) == 9.8.7+gabc1234 ]] || fail "package of an untagged tree"
pass "Debian package versions: 1.2.3, 1.2.3+4.gabc1234, +dirty, 9.8.7+gabc1234"
