#!/usr/bin/env python3
"""Run one job of a GitHub Actions workflow here, the way a runner would, for the e2e tests.

Only what bench-gate's workflows and action use: `run:` steps in bash with the variables GitHub
sets (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_ENV, RUNNER_TEMP, GITHUB_ACTION_PATH,
...), `${{ }}` expressions (contexts, ==, !=, &&, ||, !, format, success/failure/always/cancelled),
`if:`, `env:`, `continue-on-error`, step outputs, and composite actions (a `uses:` mapped to a local
directory with --action). `actions/checkout` is a no-op (the test prepares the workspace as the
checkout would); other `uses:` (cache, artifacts, github-script) are reported and skipped.

usage: github_runner.py WORKFLOW JOB --workspace DIR --context JSON --out DIR [--action USES=DIR]...
Writes OUT/summary.md (every step's summary), OUT/annotations.txt (the workflow commands GitHub
would turn into annotations) and OUT/steps.txt (one line per step: outcome and name).
Exit status 0 when the job succeeded, 1 when it failed.
"""
import argparse
import json
import os
import re
import subprocess
import sys

import yaml


class Context:
    def __init__(self, data):
        self.data = data

    def get(self, path):
        value = self.data
        for part in path.split("."):
            if isinstance(value, dict) and part in value:
                value = value[part]
            else:
                return ""
        return value


def translate(expr):
    """A GitHub expression as Python source over _get(path) and a few functions."""
    out, i = [], 0
    functions = {"success", "failure", "always", "cancelled", "format", "contains", "startsWith"}
    while i < len(expr):
        c = expr[i]
        if c == "'":
            j = i + 1
            while j < len(expr) and not (expr[j] == "'" and expr[j + 1:j + 2] != "'"):
                j += 2 if expr[j:j + 2] == "''" else 1
            out.append(repr(expr[i + 1:j].replace("''", "'")))
            i = j + 1
        elif expr.startswith("&&", i):
            out.append(" and "); i += 2
        elif expr.startswith("||", i):
            out.append(" or "); i += 2
        elif expr.startswith("!=", i) or expr.startswith("==", i):
            out.append(f" {expr[i:i + 2]} "); i += 2
        elif c == "!":
            out.append(" not "); i += 1
        elif c.isalpha() or c == "_":
            m = re.match(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_*][\w-]*)*", expr[i:])
            name = m.group(0)
            i += len(name)
            if name in ("true", "false"):
                out.append("True" if name == "true" else "False")
            elif name in functions and expr[i:].lstrip().startswith("("):
                out.append(f"_{name}")
            else:
                out.append(f"_get({name!r})")
        elif c.isdigit():
            m = re.match(r"\d+(\.\d+)?", expr[i:])
            out.append(repr(m.group(0))); i += len(m.group(0))  # compared as strings
        else:
            out.append(c); i += 1
    return "".join(out)


def evaluate(expr, ctx, failed):
    expr = expr.strip()
    if expr.startswith("${{") and expr.endswith("}}"):
        expr = expr[3:-2]
    env = {
        "_get": ctx.get,
        "_success": lambda: not failed,
        "_failure": lambda: failed,
        "_always": lambda: True,
        "_cancelled": lambda: False,
        "_format": lambda f, *a: re.sub(r"\{(\d+)\}", lambda m: str(a[int(m.group(1))]), f),
        "_contains": lambda h, n: str(n).lower() in str(h).lower(),
        "_startsWith": lambda h, n: str(h).lower().startswith(str(n).lower()),
    }
    return eval(translate(expr), env)  # noqa: S307 - our own workflow files, in a test


def substitute(text, ctx, failed=False):
    def one(m):
        value = evaluate(m.group(1), ctx, failed)
        if isinstance(value, bool):
            return "true" if value else "false"
        return "" if value is None else str(value)
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))


def should_run(step, ctx, failed):
    cond = str(step.get("if", "success()"))
    if not re.search(r"\b(success|failure|always|cancelled)\(", cond):
        cond = f"success() && ({cond.replace('${{', '').replace('}}', '')})"
    return bool(evaluate(cond, ctx, failed))


class Runner:
    def __init__(self, args, context):
        self.args = args
        self.context = context
        self.actions = dict(a.split("=", 1) for a in args.action)
        self.extra_path = []
        self.extra_env = {}
        self.out = args.out
        os.makedirs(self.out, exist_ok=True)
        self.temp = context["runner"]["temp"]
        os.makedirs(self.temp, exist_ok=True)
        self.shims = os.path.join(self.out, "shims")
        os.makedirs(self.shims, exist_ok=True)
        # A runner has password-less sudo; here apt-get must find what the test machine has.
        with open(os.path.join(self.shims, "sudo"), "w") as f:
            f.write("#!/usr/bin/env bash\n"
                    "if [[ $1 == apt-get ]]; then\n"
                    "  shift; [[ $1 == update ]] && exit 0\n"
                    "  for p in \"$@\"; do [[ $p == -* || $p == install ]] && continue\n"
                    "    dpkg-query -W -f='${Status}' \"$p\" 2>/dev/null | grep -q 'ok installed' ||"
                    " { echo \"sudo shim: $p is not installed here\" >&2; exit 100; }; done; exit 0\n"
                    "fi\nexec \"$@\"\n")
        os.chmod(os.path.join(self.shims, "sudo"), 0o755)
        self.log = open(os.path.join(self.out, "steps.txt"), "a")
        self.counter = 0

    def run_steps(self, steps, ctx_data, action_path=None):
        failed = False
        ctx_data.setdefault("steps", {})
        for step in steps:
            ctx = Context(ctx_data)
            name = step.get("name") or step.get("uses") or step.get("run", "").split("\n")[0]
            if not should_run(step, ctx, failed):
                self.log.write(f"skipped: {name}\n")
                continue
            ok, outputs = self.run_step(step, ctx, failed, action_path)
            if "id" in step:
                ctx_data["steps"][step["id"]] = {"outputs": outputs,
                                                 "outcome": "success" if ok else "failure"}
            if not ok and not step.get("continue-on-error", False):
                failed = True
            self.log.write(f"{'success' if ok else 'failure'}: {name}\n")
            self.log.flush()
        return not failed

    def run_step(self, step, ctx, failed, action_path):
        env_vars = {k: substitute(v, ctx, failed) for k, v in (step.get("env") or {}).items()}
        if "uses" in step:
            uses = step["uses"]
            target = self.actions.get(uses.split("@")[0]) or (
                os.path.join(self.args.workspace, uses) if uses.startswith("./") else None)
            if target:
                return self.run_composite(target, step, ctx, failed)
            self.log.write(f"not emulated: {uses}\n")
            return True, {}
        self.counter += 1
        script = os.path.join(self.temp, f"step-{self.counter}.sh")
        with open(script, "w") as f:
            f.write(substitute(step["run"], ctx, failed))
        files = {k: os.path.join(self.temp, f"{k.lower()}-{self.counter}")
                 for k in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV")}
        for path in files.values():
            open(path, "w").close()
        env = dict(os.environ)
        env.update(self.base_env())
        env.update(self.extra_env)
        env.update(env_vars)
        env.update(files)
        if action_path:
            env["GITHUB_ACTION_PATH"] = action_path
        env["PATH"] = os.pathsep.join(self.extra_path[::-1] + [self.shims, os.environ["PATH"]])
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                              cwd=self.args.workspace, env=env, stdout=subprocess.PIPE)
        stdout = proc.stdout.decode("utf-8", "replace")
        sys.stdout.write(stdout)
        with open(os.path.join(self.out, "annotations.txt"), "a") as f:
            for line in stdout.splitlines():
                if re.match(r"::(error|warning|notice)\b", line):
                    f.write(line + "\n")
        with open(os.path.join(self.out, "summary.md"), "a") as f:
            f.write(open(files["GITHUB_STEP_SUMMARY"]).read())
        self.extra_path += [p for p in open(files["GITHUB_PATH"]).read().splitlines() if p]
        for line in open(files["GITHUB_ENV"]).read().splitlines():
            if "=" in line:
                k, v = line.split("=", 1)
                self.extra_env[k] = v
        outputs = dict(line.split("=", 1) for line in
                       open(files["GITHUB_OUTPUT"]).read().splitlines() if "=" in line)
        return proc.returncode == 0, outputs

    def run_composite(self, path, step, ctx, failed):
        action = yaml.safe_load(open(os.path.join(path, "action.yml")))
        given = {k: substitute(v, ctx, failed) for k, v in (step.get("with") or {}).items()}
        inputs = {}
        for name, spec in (action.get("inputs") or {}).items():
            if name in given:
                inputs[name] = given[name]
            else:
                inputs[name] = substitute((spec or {}).get("default", ""), ctx, failed)
        data = dict(self.context, inputs=inputs, steps={})
        ok = self.run_steps(action["runs"]["steps"], data, action_path=path)
        outputs = {k: substitute(v.get("value", ""), Context(data))
                   for k, v in (action.get("outputs") or {}).items()}
        return ok, outputs

    def base_env(self):
        g = self.context["github"]
        return {
            "CI": "true", "GITHUB_ACTIONS": "true", "RUNNER_OS": "Linux", "RUNNER_TEMP": self.temp,
            "GITHUB_WORKSPACE": self.args.workspace, "GITHUB_EVENT_NAME": g.get("event_name", ""),
            "GITHUB_BASE_REF": g.get("base_ref", ""), "GITHUB_HEAD_REF": g.get("head_ref", ""),
            "GITHUB_REF": g.get("ref", ""), "GITHUB_SHA": g.get("sha", ""),
            "GITHUB_REPOSITORY": g.get("repository", ""), "GITHUB_RUN_ID": str(g.get("run_id", "1")),
            "GITHUB_RUN_ATTEMPT": "1",
        }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workflow")
    parser.add_argument("job")
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--context", required=True, help="JSON: github and runner contexts")
    parser.add_argument("--out", required=True)
    parser.add_argument("--action", action="append", default=[], help="USES=DIR")
    args = parser.parse_args()
    args.workspace = os.path.abspath(args.workspace)
    context = json.loads(args.context)
    workflow = yaml.safe_load(open(args.workflow))
    job = workflow["jobs"][args.job]
    runner = Runner(args, context)
    data = dict(context, env={}, steps={})
    if "if" in job and not evaluate(str(job["if"]), Context(data), False):
        print(f"github_runner: job {args.job} skipped by its if:", file=sys.stderr)
        return 0
    ok = runner.run_steps(job["steps"], data)
    print(f"github_runner: job {args.job} {'succeeded' if ok else 'failed'}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
