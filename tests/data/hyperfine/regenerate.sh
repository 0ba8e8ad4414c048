#!/usr/bin/env bash
# Regenerate the hyperfine fixtures from the real tool (Debian: apt-get install hyperfine):
# base.json: a workload of ~20 ms; head.json: the same workload name, ~26 ms (30 % slower);
# same.json: the base workload measured again. 15 runs each, every run time kept by --export-json.
set -euo pipefail
cd "$(dirname "$0")"
hyperfine --version
hyperfine -N --warmup 2 --runs 15 -n 'sleep/work' -n 'sleep/short' --export-json base.json 'sleep 0.020' 'sleep 0.005'
hyperfine -N --warmup 2 --runs 15 -n 'sleep/work' -n 'sleep/short' --export-json head.json 'sleep 0.026' 'sleep 0.005'
hyperfine -N --warmup 2 --runs 15 -n 'sleep/work' -n 'sleep/short' --export-json same.json 'sleep 0.020' 'sleep 0.005'
