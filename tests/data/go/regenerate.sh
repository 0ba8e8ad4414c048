#!/usr/bin/env bash
# Regenerate the Go fixtures from the real tool (Debian: apt-get install golang-go), the benchstat
# input format: `go test -run '^$' -bench . -count 10 -benchmem -benchtime 100ms` on module/ (3 benchmarks).
# base.txt: as committed; head.txt: BenchmarkSHA256 hashing 30 % more bytes per iteration (scale
# 130, so ~30 % slower); same.txt: the base code measured again.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GOPATH=$work/gopath GOCACHE=$work/gocache GOFLAGS=-mod=mod GO111MODULE=on
go version
bench() {  # bench SCALE OUT
  rm -rf "$work/module" && cp -r "$here/module" "$work/module"
  sed -i "s/^const scale = 100$/const scale = $1/" "$work/module/work_test.go"
  (cd "$work/module" && go test -run '^$' -bench . -count 10 -benchmem -benchtime 100ms) > "$2"
}
bench 100 base.txt
bench 130 head.txt
bench 100 same.txt
