#!/usr/bin/env bash
# The include rules of harness/ARCHITECTURE.md, checked: each room may include only the rooms
# below it. Fails (exit 1) listing every forbidden include as file:line. No build needed.
#   util   -> util                       (knows nothing of bench-gate)
#   core   -> util, core                 (no git, no report, no app, no I/O of its own)
#   git    -> util, git                  (knows nothing of runs)
#   report -> util, core, report
#   app    -> util, core, git, report, app
#   cli    -> app, util                  (harness/cli.cpp, harness/main.cpp)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root/harness"

room_of() {  # path relative to harness/ -> room
  case $1 in
    src/util/* | include/bench_gate/util/*) echo util ;;
    src/git/* | include/bench_gate/git/*) echo git ;;
    src/report/* | include/bench_gate/report/*) echo report ;;
    src/app/* | include/bench_gate/app/*) echo app ;;
    src/core/* | include/bench_gate/*.hpp) echo core ;;
    cli.cpp | cli.hpp | main.cpp) echo cli ;;
    *) echo unknown ;;
  esac
}

target_of() {  # an #include "..." path -> room, or "local" for a file beside the includer
  case $1 in
    bench_gate/util/*) echo util ;;
    bench_gate/git/*) echo git ;;
    bench_gate/report/*) echo report ;;
    bench_gate/app/*) echo app ;;
    bench_gate/*/*) echo unknown ;;
    bench_gate/*) echo core ;;
    */*) echo unknown ;;
    *) echo local ;;
  esac
}

allowed() {  # room target -> 0 when the include is allowed
  local room=$1 target=$2
  [[ $target == local || $target == "$room" ]] && return 0
  case $room:$target in
    core:util | git:util | report:util | report:core | app:*) return 0 ;;
    cli:app | cli:util | cli:core) return 0 ;;
  esac
  return 1
}

bad=0
while IFS= read -r file; do
  room=$(room_of "$file")
  if [[ $room == unknown ]]; then
    echo "harness/$file: not in any room of ARCHITECTURE.md"
    bad=1
    continue
  fi
  while IFS=: read -r line text; do
    inc=${text#*\"}
    inc=${inc%%\"*}
    target=$(target_of "$inc")
    if ! allowed "$room" "$target"; then
      echo "harness/$file:$line: the $room room may not include \"$inc\" ($target)"
      bad=1
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" || true)
done < <(find src include cli.cpp cli.hpp main.cpp -type f \( -name '*.cpp' -o -name '*.hpp' \) 2>/dev/null | sort)

if ((bad)); then
  echo "check-includes: forbidden includes found (see harness/ARCHITECTURE.md)" >&2
  exit 1
fi
echo "check-includes: every include follows harness/ARCHITECTURE.md"
