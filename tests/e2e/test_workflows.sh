#!/usr/bin/env bash
# The CI files (this project's workflows in ci/github, the reusable action ci/github/action and the
# templates for other projects in ci/templates) parse as YAML, and every
# `bench-gate SUBCOMMAND --flag` they and the action's scripts run (comments included) names a
# subcommand and flags that the built binary accepts, as listed by its --help. Also checks the
# GitHub workflows' permissions, the action's shape (composite; inputs and step ids that exist),
# that workflows pass the action only inputs it declares, and that the fork-comment workflow runs
# no code. actionlint is not packaged by Debian, hence these checks.
source "$(dirname "$0")/lib.sh"
root=${BENCH_GATE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
WORKFLOW_DIRS=${WORKFLOW_DIRS:-"$root/ci/github $root/ci/templates"}

python3 -c 'import yaml' 2> /dev/null || fail "python3-yaml is not installed (ci/setup.sh installs it)"

# The binary's own word on what exists: top-level help lists subcommands and global options, each
# subcommand's help its options.
"$BENCH_GATE" --help > "$WORK/help-top.txt" || fail "bench-gate --help failed"
mkdir -p "$WORK/help"
subcommands=$(awk '/^Subcommands:/ { in_list = 1; next } in_list && /^[^ ]/ { in_list = 0 }
                   in_list && /^  +[a-z]/ { print $1 }' "$WORK/help-top.txt")
[[ -n $subcommands ]] || { cat "$WORK/help-top.txt" >&2; fail "no subcommands found in bench-gate --help"; }
for sub in $subcommands; do
  "$BENCH_GATE" "$sub" --help > "$WORK/help/$sub.txt" || fail "bench-gate $sub --help failed"
done

files=() scripts=()
for dir in $WORKFLOW_DIRS; do
  while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$dir" -name '*.yml' -print0 | sort -z)
  while IFS= read -r -d '' f; do scripts+=("$f"); done < <(find "$dir" -name '*.sh' -print0 | sort -z)
done
((${#files[@]} > 0)) || fail "no workflow files under $WORKFLOW_DIRS"
for f in "${scripts[@]}"; do bash -n "$f" || fail "$f: bash syntax error"; done

# Every file is valid YAML: plain safe_load, then once more refusing duplicate keys (PyYAML keeps
# the last one silently; GitHub rejects the workflow).
for f in "${files[@]}"; do
  python3 -c 'import yaml, sys; yaml.safe_load(open(sys.argv[1]))' "$f" 2> "$WORK/yaml.err" ||
    { cat "$WORK/yaml.err" >&2; fail "$f is not valid YAML"; }
  python3 - "$f" << 'PY' || fail "$f has a duplicate key"
import sys, yaml
class Strict(yaml.SafeLoader):
    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        for k in keys:
            if keys.count(k) > 1:
                raise yaml.constructor.ConstructorError(None, None, f"duplicate key {k!r}", node.start_mark)
        return super().construct_mapping(node, deep=deep)
try:
    yaml.load(open(sys.argv[1]), Loader=Strict)
except yaml.YAMLError as e:
    sys.exit(str(e))
PY
done
pass "${#files[@]} workflow files parse as YAML"

# Every bench-gate invocation: subcommand exists, each flag is accepted.
python3 - "$WORK/help-top.txt" "$WORK/help" "${files[@]}" "${scripts[@]}" << 'PY'
import os, re, shlex, sys

top_help, help_dir, files = sys.argv[1], sys.argv[2], sys.argv[3:]

def options_in(help_text):
    """Option names (-x, --long) declared in a CLI11 help text."""
    names = set()
    for line in help_text.splitlines():
        m = re.match(r"^\s+(-\S+)", line)
        if not m:
            continue
        for part in m.group(1).split(","):
            part = re.sub(r"\{.*", "", part.lstrip("!"))  # CLI11 shows `--no-push{false}`
            if re.fullmatch(r"--?[A-Za-z0-9][A-Za-z0-9-]*", part):
                names.add(part)
    return names

global_options = options_in(open(top_help).read())
global_with_value = {"-C", "--config", "--notes-ref"}
commands = {name: options_in(open(os.path.join(help_dir, name)).read()) | global_options
            for name in os.listdir(help_dir)}
commands = {name[:-len(".txt")]: opts for name, opts in commands.items()}

# `bench-gate` in command position: at the start of a (comment or YAML list/run:) line, or after a
# shell separator. `refs/notes/bench-gate`, `bench-gate.json`, `--target bench-gate` and prose
# such as "the bench-gate binary" are not invocations.
prefix = r"(?:^|[;&|(!]|\bthen|\bdo|\belse|\btime)\s*"
# In the action's scripts, the shell function bench_gate runs the binary.
invocation = re.compile(r"(?:^[\s#]*(?:-\s+)?(?:(?:run|script):\s*)?|" + prefix +
                        r")(bench-gate|bench_gate)(?=\s)")

errors, seen, found_per_file = [], set(), {}
for path in files:
    lines = open(path, encoding="utf-8").read().split("\n")
    count = 0
    for i, line in enumerate(lines):
        for m in invocation.finditer(line):
            # Join backslash continuations (in comments too) into one command line.
            text, j = line[m.end(1):], i
            while text.rstrip().endswith("\\") and j + 1 < len(lines):
                j += 1
                nxt = lines[j]
                if line.lstrip().startswith("#"):
                    nxt = re.sub(r"^\s*#", "", nxt)
                text = text.rstrip()[:-1] + " " + nxt
            where = f"{path}:{i + 1}"
            lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
            lexer.whitespace_split = True
            tokens = []
            try:
                for tok in lexer:
                    if tok and all(c in ";&|()<>" for c in tok):
                        break  # end of this command
                    tokens.append(tok)
            except ValueError as e:
                errors.append(f"{where}: cannot split the command line ({e}): {text.strip()}")
                continue
            k = 0
            while k < len(tokens) and tokens[k].startswith("-"):  # global options first
                opt = tokens[k].split("=", 1)[0]
                if opt not in global_options:
                    errors.append(f"{where}: bench-gate: unknown global option {opt}")
                k += 2 if opt in global_with_value and "=" not in tokens[k] else 1
            if k >= len(tokens):
                errors.append(f"{where}: bench-gate invoked without a subcommand")
                continue
            sub = tokens[k]
            if sub.startswith("$"):
                continue  # a wrapper passing its arguments on ("$@")
            count += 1
            if sub not in commands:
                errors.append(f"{where}: unknown subcommand 'bench-gate {sub}' "
                              f"(known: {', '.join(sorted(commands))}; if this is prose in a "
                              f"comment, do not start a line with 'bench-gate WORD')")
                continue
            seen.add(sub)
            for tok in tokens[k + 1:]:
                if tok == "--":
                    break  # the suite command follows
                if not tok.startswith("-") or re.fullmatch(r"-\d.*", tok):
                    continue
                flag = tok.split("=", 1)[0] if tok.startswith("--") else tok[:2]
                if flag not in commands[sub]:
                    errors.append(f"{where}: 'bench-gate {sub}' does not accept {flag} "
                                  f"(accepted: {' '.join(sorted(commands[sub]))})")
    found_per_file[path] = count

for path, count in found_per_file.items():
    text = open(path, encoding="utf-8").read()
    uses_action = re.search(r"uses:\s*\S*ci/github/action\b", text) or path.endswith("/action.yml")
    if count == 0 and not uses_action and path.endswith(".yml"):
        errors.append(f"{path}: no bench-gate invocation found (is the binary called something else?)")
for sub in ("record", "compare", "sync"):
    if sub not in seen:
        errors.append(f"no workflow runs 'bench-gate {sub}'")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
total = sum(found_per_file.values())
print(f"ok: {total} bench-gate invocations in {len(files)} files name real subcommands and flags")
PY

# GitHub workflows: least-privilege permissions, as ci/README.md promises.
python3 - "${files[@]}" << 'PY'
import sys, yaml
errors = []
github = 0
for path in sys.argv[1:]:
    doc = yaml.safe_load(open(path))
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` key as true
    if "jobs" not in doc or not on:
        continue  # GitLab CI, or the action
    github += 1
    if not on:
        errors.append(f"{path}: a GitHub workflow without `on`")
        continue
    if "permissions" not in doc:
        errors.append(f"{path}: no top-level permissions block")
    for name, job in doc["jobs"].items():
        if "runs-on" not in job or "steps" not in job:
            errors.append(f"{path}: job {name} lacks runs-on or steps")
        perms = dict(doc.get("permissions") or {}, **(job.get("permissions") or {}))
        if perms.get("contents") == "write" and "pull_request" in on:
            errors.append(f"{path}: job {name} can write contents in a pull-request workflow")
    if "pull_request" in on and doc.get("permissions") != {"contents": "read", "pull-requests": "write"}:
        errors.append(f"{path}: pull-request workflow permissions must be contents: read, pull-requests: write")
    if "workflow_run" in on:  # holds a write token: must never check out or run the PR's code
        if doc.get("permissions") != {"actions": "read", "pull-requests": "write"}:
            errors.append(f"{path}: workflow_run permissions must be actions: read, pull-requests: write")
        for name, job in doc["jobs"].items():
            for step in job.get("steps", []):
                if "run" in step or "actions/checkout" in str(step.get("uses", "")):
                    errors.append(f"{path}: job {name} of a workflow_run workflow runs code: {step}")
if github == 0:
    errors.append("no GitHub workflow found")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
PY
pass "GitHub workflows declare least-privilege permissions"

# The composite action: its steps are bash with an explicit shell, every inputs.X and steps.X it
# names exists, and every workflow that uses it passes only declared inputs and a known mode.
python3 - "$root/ci/github/action/action.yml" "${files[@]}" << 'PY'
import re, sys, yaml
action_path, files = sys.argv[1], sys.argv[2:]
action = yaml.safe_load(open(action_path))
text = open(action_path).read()
errors = []
inputs = action.get("inputs") or {}
runs = action.get("runs") or {}
if runs.get("using") != "composite":
    errors.append(f"{action_path}: runs.using must be composite")
ids = {step["id"] for step in runs.get("steps", []) if "id" in step}
for step in runs.get("steps", []):
    if "run" in step and step.get("shell") != "bash":
        errors.append(f"{action_path}: step {step.get('name')!r} runs without shell: bash")
    if "run" in step and "${{" in step["run"]:
        errors.append(f"{action_path}: step {step.get('name')!r} pastes an expression into its script (use env:)")
    if "run" not in step and "uses" not in step:
        errors.append(f"{action_path}: step {step.get('name')!r} has neither run nor uses")
for name in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", text):
    if name not in inputs:
        errors.append(f"{action_path}: inputs.{name} is not declared")
for name in re.findall(r"\bsteps\.([A-Za-z0-9_-]+)\.", text):
    if name not in ids:
        errors.append(f"{action_path}: steps.{name} names no step id")
modes = set(re.findall(r"inputs\.mode == '([a-z]+)'", text))
uses_seen = 0
for path in files:
    doc = yaml.safe_load(open(path)) or {}
    for job in (doc.get("jobs") or {}).values() if isinstance(doc.get("jobs"), dict) else []:
        for step in job.get("steps", []):
            uses = str(step.get("uses", ""))
            if not re.search(r"(^\./|/bench-gate/)ci/github/action(@|$)", uses):
                continue
            uses_seen += 1
            given = step.get("with") or {}
            for key in given:
                if key not in inputs:
                    errors.append(f"{path}: the action has no input {key!r}")
            if given.get("mode") not in modes:
                errors.append(f"{path}: mode {given.get('mode')!r} is not one of {sorted(modes)}")
            if "/bench-gate/" in uses and not re.search(r"@v\d+(\.\d+\.\d+)?$", uses):
                errors.append(f"{path}: use the action at a release tag (@vMAJOR or @vX.Y.Z): {uses}")
if uses_seen < 5:
    errors.append(f"only {uses_seen} workflows use the action (templates: pr, pr-comment, nightly; this project's pr, nightly)")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
PY
pass "the action is composite bash, names only its own inputs and steps; workflows pass declared inputs"

# The fetch refspec the README documents is the one the pull-request workflow runs.
refspec='"+refs/notes/bench-gate:refs/notes/bench-gate"'
for f in "$root/ci/github/action/bench-gate-action.sh" "$root/ci/templates/gitlab/bench-gate.gitlab-ci.yml" \
  "$root/ci/README.md"; do
  [[ -f $f ]] || fail "$f is missing"
  contains "$f" "$refspec"
done
pass "the notes refspec is the documented one"
