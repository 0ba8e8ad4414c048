#!/usr/bin/python3
"""Helpers of tests/quality/run.sh: plan rounds, turn compare.py output into verdicts, tabulate.

Subcommands (all paths are files the driver made; nothing here runs a shell):
  config NAMES TIERS METRIC HISTORY_RUNS      print a bench-gate.json assigning tiers
  plan NAMES TIERS ROUND SIZES                print the plan of one round (JSON: tiers, injections)
  replan PLAN NAMES TIERS                     print PLAN with its injections and TIERS' tiers
  slowdown PLAN                               print the QUALITY_SLOWDOWN value of a plan ("" if none)
  cpverdicts PLAN DUMP METRIC ALPHA           print compare.py verdicts (JSON) from its --dump_to_json
  pool OUT FILE...                            write the runs FILE... (one side's processes) as one
                                              Google Benchmark JSON file OUT, for compare.py
  tabulate WORKDIR                            print the Markdown result tables
"""

import glob
import json
import math
import os
import re
import statistics
import sys

TIERS = {  # bench-gate's default tiers: threshold, action
    "critical": (0.05, "fail"),
    "standard": (0.10, "fail"),
    "background": (0.20, "warn"),
}
TIER_ORDER = ["critical", "standard", "background"]


def read_names(path):
    with open(path) as f:
        return [line.strip() for line in f if line.strip()]


_calibrated = {}


def tier_of(index, mode, name=None):
    if mode == "thirds":
        return TIER_ORDER[index % 3]
    if mode in TIERS:
        return mode
    if mode.startswith("calibrated:"):
        # The strictest tier `bench-gate calibrate --json` says each benchmark can honestly hold.
        path = mode[len("calibrated:"):]
        if path not in _calibrated:
            with open(path) as f:
                _calibrated[path] = {b["name"]: b["tier"] for b in json.load(f)["benchmarks"]}
        tier = _calibrated[path].get(name)
        if tier not in TIERS:
            sys.exit(f"quality.py: {path} has no tier for '{name}'")
        return tier
    sys.exit(f"quality.py: unknown tiers mode '{mode}' "
             "(thirds, critical, standard, background, calibrated:FILE)")


def cmd_config(names_path, mode, metric, history_runs):
    names = read_names(names_path)
    rules = [{"pattern": glob_escape(n), "tier": tier_of(i, mode, n)} for i, n in enumerate(names)]
    config = {"metric": metric, "history_runs": int(history_runs), "rules": rules}
    json.dump(config, sys.stdout, indent=2)
    print()


def glob_escape(name):
    # bench-gate globs: * ? [abc]; escape by bracketing the metacharacters.
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def cmd_plan(names_path, mode, round_index, sizes_text):
    """Per tier, half of its benchmarks get a slowdown this round; the sizes rotate with the round
    so that over rounds every benchmark sees every size and also stays unchanged."""
    names = read_names(names_path)
    sizes = [float(s) for s in sizes_text.split(",") if s]
    r = int(round_index)
    by_tier = {}
    for i, n in enumerate(names):
        by_tier.setdefault(tier_of(i, mode, n), []).append(n)
    plan = {"round": r, "sizes": sizes, "benchmarks": {}}
    for tier, members in by_tier.items():
        m = len(members)
        slowed = max(1, m // 2)
        # Step 7 per round (coprime with the usual tier sizes): a few rounds already spread the
        # slowdowns over every kind instead of sliding one benchmark further each round.
        step = 7 if math.gcd(7, m) == 1 else 1
        for j, n in enumerate(members):
            slot = (j + r * step) % m
            injected = sizes[slot % len(sizes)] if slot < slowed else 0.0
            plan["benchmarks"][n] = {"tier": tier, "injected": injected}
    json.dump(plan, sys.stdout, indent=1)
    print()


def cmd_replan(plan_path, names_path, mode):
    with open(plan_path) as f:
        plan = json.load(f)
    for i, n in enumerate(read_names(names_path)):
        plan["benchmarks"][n]["tier"] = tier_of(i, mode, n)
    json.dump(plan, sys.stdout, indent=1)
    print()


def cmd_slowdown(plan_path):
    with open(plan_path) as f:
        plan = json.load(f)
    items = [f"{n}={b['injected']:g}" for n, b in plan["benchmarks"].items() if b["injected"] > 0]
    print(",".join(items))


def cmd_cpverdicts(plan_path, dump_path, metric, alpha):
    """compare.py's U-test (two-sided, p < alpha) plus the tier threshold on the change of the
    median: regression / improvement when both hold, 'inconclusive' when the change is past the
    threshold without significance (compare.py itself has no such verdict), else unchanged."""
    with open(plan_path) as f:
        plan = json.load(f)
    with open(dump_path) as f:
        dump = json.load(f)
    alpha = float(alpha)
    field = "time" if metric == "real_time" else "cpu"
    pfield = "time_pvalue" if metric == "real_time" else "cpu_pvalue"
    pvalues, changes, from_iterations = {}, {}, {}
    for entry in dump:
        name = entry["name"]
        if entry.get("run_type") == "iteration" and entry.get("utest"):
            pvalues[name] = entry["utest"][pfield]
        if entry.get("run_type") == "iteration" and entry.get("measurements"):
            # Pooled files (several processes per side) carry no aggregates: the change of the
            # median from the repetitions themselves.
            ms = entry["measurements"]
            base = statistics.median(m[metric] for m in ms)
            head = statistics.median(m[metric + "_other"] for m in ms)
            if base > 0:
                from_iterations[name] = head / base - 1
        if entry.get("run_type") == "aggregate" and entry.get("aggregate_name") == "median":
            base = name[: -len("_median")] if name.endswith("_median") else name
            changes[base] = entry["measurements"][0][field]
    for name, change in from_iterations.items():
        changes.setdefault(name, change)
    out = {}
    for name, b in plan["benchmarks"].items():
        threshold = TIERS[b["tier"]][0]
        if name not in changes or name not in pvalues:
            out[name] = {"verdict": "missing", "change": None, "p": None}
            continue
        change, p = changes[name], pvalues[name]
        if change > threshold and p < alpha:
            verdict = "regression"
        elif change < -threshold and p < alpha:
            verdict = "improvement"
        elif abs(change) > threshold:
            verdict = "inconclusive"
        else:
            verdict = "unchanged"
        out[name] = {"verdict": verdict, "change": change, "p": p}
    json.dump(out, sys.stdout, indent=1)
    print()


def cmd_pool(out_path, *paths):
    """One Google Benchmark JSON file with every repetition of several processes of one side."""
    pooled = None
    for path in paths:
        with open(path) as f:
            run = json.load(f)
        if pooled is None:
            pooled = run
            pooled["benchmarks"] = [b for b in run["benchmarks"]
                                    if b.get("run_type", "iteration") == "iteration"]
        else:
            pooled["benchmarks"].extend(b for b in run["benchmarks"]
                                        if b.get("run_type", "iteration") == "iteration")
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(pooled, f)
    os.replace(tmp, out_path)


# --- tabulate -----------------------------------------------------------------------------------


def load(path):
    with open(path) as f:
        return json.load(f)


def bg_verdicts(path):
    return {b["name"]: b for b in load(path)["benchmarks"]}


def gb_samples(path, metric):
    """name -> list of per-repetition times (iteration rows only)."""
    out = {}
    for b in load(path)["benchmarks"]:
        if b.get("run_type", "iteration") == "iteration":
            out.setdefault(b["name"], []).append(b[metric])
    return out


def pct(num, den, decimals=1):
    if den == 0:
        return "–"
    return f"{100.0 * num / den:.{decimals}f} % ({num}/{den})"


def kind_of(name):
    parts = name.split("/")
    return parts[1] if len(parts) >= 3 else name


def mad_sd(values):
    med = statistics.median(values)
    return 1.4826 * statistics.median([abs(v - med) for v in values])


def cmd_tabulate(workdir):
    meta = load(os.path.join(workdir, "meta.json"))
    metric = meta["metric"]
    rounds = sorted(glob.glob(os.path.join(workdir, "round-*")))
    sizes = meta["sizes"]
    # counters[tool][tier] -> dict of name -> [hits, total]
    tools = ["bench-gate", "compare.py"]
    stats = {t: {tier: {} for tier in TIER_ORDER} for t in tools}
    gate_fail_aa = [0, 0]  # rounds where the A/A comparison failed the gate (exit 1), rounds
    gate_fail_aa_cp = [0, 0]
    measured = {s: [] for s in sizes}  # bench-gate's measured change per injected size
    significant = {s: [0, 0] for s in sizes}  # bench-gate found it slower (adjusted p < 0.05)
    noise_sources = {}
    used_sb = {}  # kind -> between-run sd bench-gate used, per comparison
    by_kind = {}  # kind -> verdicts on slowdowns past the tier's threshold
    mismatched_tiers = set()
    times = {"bench-gate": [], "compare.py": [], "suite": []}

    def bump(tool, tier, key, hit):
        c = stats[tool][tier].setdefault(key, [0, 0])
        c[0] += 1 if hit else 0
        c[1] += 1

    for rdir in rounds:
        plan = load(os.path.join(rdir, "plan.json"))["benchmarks"]
        aa_plan = {n: dict(b, injected=0.0) for n, b in plan.items()}
        for kind, this_plan in (("aa", aa_plan), ("ab", plan)):
            bg = bg_verdicts(os.path.join(rdir, f"{kind}.bg.json"))
            with open(os.path.join(rdir, f"{kind}.bg.rc")) as f:
                exit_code = int(f.read().strip())
            cp_path = os.path.join(rdir, f"{kind}.cp.json")
            cp = load(cp_path) if os.path.exists(cp_path) else None  # none in paired mode
            if kind == "aa":
                gate_fail_aa[0] += 1 if exit_code == 1 else 0
                gate_fail_aa[1] += 1
                if cp is not None:
                    failing = any(
                        v["verdict"] == "regression" and TIERS[this_plan[n]["tier"]][1] == "fail"
                        for n, v in cp.items())
                    gate_fail_aa_cp[0] += 1 if failing else 0
                    gate_fail_aa_cp[1] += 1
            for name, b in this_plan.items():
                tier = b["tier"]
                row = bg.get(name)
                v_bg = row["verdict"] if row else "missing"
                if row and row.get("tier") != tier:
                    mismatched_tiers.add(name)
                v_cp = cp.get(name, {}).get("verdict", "missing") if cp is not None else None
                if row:
                    m = re.search(r"between-run ([0-9.]+) %", row.get("noise_source", ""))
                    if m:
                        used_sb.setdefault(kind_of(name), []).append(float(m.group(1)) / 100)
                    src = row.get("noise_source", "").split(";")[0]
                    src = re.sub(r"[0-9]+(\.[0-9]+)?", "N", src)
                    noise_sources[src] = noise_sources.get(src, 0) + 1
                for tool, v in (("bench-gate", v_bg), ("compare.py", v_cp)):
                    if v is None:
                        continue
                    bump(tool, tier, "inconclusive", v == "inconclusive")
                    bump(tool, tier, "improvement_on_unchanged", v == "improvement" and b["injected"] == 0)
                    if b["injected"] == 0:
                        bump(tool, tier, f"fa_{kind}", v == "regression")
                    else:
                        bump(tool, tier, f"det_{b['injected']:g}", v == "regression")
                if b["injected"] > 0 and row:
                    measured[b["injected"]].append(row["change"])
                    if b["tier"] == "critical" and row.get("change") is not None:
                        p_adj = row.get("p_adjusted")
                        slower = row["change"] > 0 and p_adj is not None and p_adj < 0.05
                        significant[b["injected"]][0] += 1 if slower else 0
                        significant[b["injected"]][1] += 1
                if b["injected"] / 100 > TIERS[tier][0] + 1e-9:
                    k = by_kind.setdefault(kind_of(name), {"n": 0, "bg": {}, "cp": 0})
                    k["n"] += 1
                    k["bg"][v_bg] = k["bg"].get(v_bg, 0) + 1
                    k["cp"] += 1 if v_cp == "regression" else 0
                    k["cp_n"] = k.get("cp_n", 0) + (v_cp is not None)
        t = load(os.path.join(rdir, "times.json"))
        if meta.get("reused_from"):  # the suite ran for the earlier workdir
            earlier = os.path.join(meta["reused_from"], os.path.basename(rdir), "times.json")
            t["suite"] = load(earlier).get("suite", []) if os.path.exists(earlier) else []
        for k in times:
            times[k].extend(t.get(k, []))

    lines = []
    if meta.get("reused_from"):
        lines.append(f"Suite runs reused from `{meta['reused_from']}` (judged again here).")
        lines.append("")
    if int(meta.get("paired", 0)):
        lines.append(f"bench-gate ran `compare --paired` (at least {meta.get('blocks')} blocks of "
                     f"{meta['repetitions']} repetitions per side, adaptive time budget "
                     f"{meta.get('time_budget')} s per comparison); compare.py has no paired mode, "
                     "so its column is empty.")
        lines.append("")
    if int(meta.get("processes", 1)) > 1:
        lines.append(f"{meta['processes']} suite processes per side and commit, each stored as "
                     "its own run; compare.py gets each side's processes pooled into one file.")
        lines.append("")
    if int(meta.get("disturb", 0)) > 0:
        lines.append(f"`--disturb {meta['disturb']}`: stress-ng (stream + cache) ran beside "
                     f"{meta.get('disturbed_processes', '?')} of {meta.get('suite_processes', '?')} "
                     "suite processes (base, head, history, confirmation alike); compare.py saw "
                     "the same runs.")
        lines.append("")
    if meta.get("confirm") == "1" and meta.get("confirm_paired") == "1":
        lines.append("bench-gate ran with `--confirm` and a `build_command` (`--confirm-paired`): "
                     "failing-tier regressions and inconclusive rows re-measured paired with a "
                     "build of BASE; its time is in bench-gate's wall time per comparison.")
        lines.append("")
    elif meta.get("confirm") == "1":
        lines.append("bench-gate ran with `--confirm` (failing-tier regressions re-measured by one "
                     "more HEAD run; its time is in bench-gate's wall time per comparison).")
        lines.append("")
    lines.append(f"Metric `{metric}`, {len(rounds)} rounds, {meta['repetitions']} repetitions per "
                 f"side, {meta['history']} warm-up history runs, tiers `{meta['tiers']}`, "
                 f"{meta['benchmarks']} benchmarks; host load average at start "
                 f"{meta.get('load_start', '?')}, at end {meta.get('load_end', '?')}.")
    lines.append("")
    for tier in TIER_ORDER:
        if not any(stats[t][tier] for t in tools):
            continue
        thr, action = TIERS[tier]
        lines.append(f"### Tier `{tier}` (threshold {thr * 100:g} %, {action})")
        lines.append("")
        lines.append("| measure | bench-gate | compare.py (U-test p<0.05 + threshold) |")
        lines.append("| --- | --- | --- |")

        def cell(tool, key):
            c = stats[tool][tier].get(key, [0, 0])
            return pct(c[0], c[1])

        lines.append(f"| false alarms, A/A | {cell('bench-gate', 'fa_aa')} | {cell('compare.py', 'fa_aa')} |")
        lines.append(f"| false alarms, A/B unchanged | {cell('bench-gate', 'fa_ab')} | "
                     f"{cell('compare.py', 'fa_ab')} |")
        for s in sizes:
            key = f"det_{s:g}"
            label = f"detection at {s:g} %"
            if abs(s / 100 - thr) < 1e-9:
                label += " (= threshold: a coin toss)"
            elif s / 100 < thr:
                label = f"flagged at {s:g} % (below threshold: should not)"
            lines.append(f"| {label} | {cell('bench-gate', key)} | {cell('compare.py', key)} |")
        lines.append(f"| inconclusive (all comparisons) | {cell('bench-gate', 'inconclusive')} | "
                     f"{cell('compare.py', 'inconclusive')} ¹ |")
        lines.append(f"| improvement on an unchanged one | {cell('bench-gate', 'improvement_on_unchanged')} | "
                     f"{cell('compare.py', 'improvement_on_unchanged')} |")
        lines.append("")

    lines.extend(targets(stats, tools))
    lines.append("### Slowdowns past their tier's threshold, by kind (all tiers)")
    lines.append("")
    lines.append("| kind | trials | bench-gate regression | bench-gate inconclusive | bench-gate other "
                 "| compare.py regression |")
    lines.append("| --- | --- | --- | --- | --- | --- |")
    for kind in sorted(by_kind):
        k = by_kind[kind]
        reg, inc = k["bg"].get("regression", 0), k["bg"].get("inconclusive", 0)
        lines.append(f"| {kind} | {k['n']} | {pct(reg, k['n'], 0)} | {pct(inc, k['n'], 0)} | "
                     f"{pct(k['n'] - reg - inc, k['n'], 0)} | {pct(k['cp'], k.get('cp_n', 0), 0)} |")
    lines.append("")

    def mean_s(xs):
        return f"{statistics.mean(xs):.2f} s" if xs else "–"

    lines.append("### Gate level and cost")
    lines.append("")
    lines.append("| measure | bench-gate | compare.py |")
    lines.append("| --- | --- | --- |")
    lines.append(f"| A/A rounds failing the gate (a failing-tier regression) | "
                 f"{pct(*gate_fail_aa)} | {pct(*gate_fail_aa_cp)} |")
    lines.append(f"| wall time per comparison (mean) | {mean_s(times['bench-gate'])} ² | "
                 f"{mean_s(times['compare.py'])} |")
    lines.append(f"| wall time per suite run (mean, shared) | {mean_s(times['suite'])} | same runs |")
    lines.append(f"| total wall time of this benchmark | {meta.get('wall_seconds', '?')} s | |")
    lines.append("")
    lines.append("Injected vs measured (bench-gate's change of the median, all tiers): " + ", ".join(
        f"{s:g} % → median {100 * statistics.median(measured[s]):.1f} % (n={len(measured[s])})"
        for s in sizes if measured[s]) + ".")
    lines.append("")
    if any(n for _, n in significant.values()):
        lines.append("Critical tier, slowed benchmarks that bench-gate found significantly slower "
                     "(adjusted p < 0.05, whatever the verdict; at or below the 5 % threshold the "
                     "verdict is not `regression` by definition): " + ", ".join(
                         f"{s:g} % → {pct(*significant[s])}" for s in sizes if significant[s][1]) + ".")
        lines.append("")
    lines.append("bench-gate noise sources used (numbers as N): " + "; ".join(
        f"\"{k or '?'}\" ×{v}" for k, v in sorted(noise_sources.items(), key=lambda kv: -kv[1])) + ".")
    if mismatched_tiers:
        lines.append("")
        lines.append(f"WARNING: bench-gate assigned other tiers than planned to: {sorted(mismatched_tiers)}")
    lines.append("")
    lines.append("¹ compare.py has no inconclusive verdict; counted here: |change| past the threshold "
                 "without p < 0.05.  ² `record` ×3 excluded; `compare` only.")
    lines.append("")
    lines.extend(noise_table(workdir, rounds, metric, used_sb))
    print("\n".join(lines))


def sb_cell(values):
    if not values:
        return "–"
    return f"{100 * quantile(values, 0.1):.1f} %; {100 * statistics.median(values):.1f} %"


def quantile(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q * len(v)))]


def targets(stats, tools):
    """The issue's targets, met or not, per tool."""
    def total(tool, keys, tiers=TIER_ORDER):
        hit = sum(stats[tool][t].get(k, [0, 0])[0] for t in tiers for k in keys)
        n = sum(stats[tool][t].get(k, [0, 0])[1] for t in tiers for k in keys)
        return hit, n

    rows = [("false alarms (A/A + A/B unchanged, all tiers)", ["fa_aa", "fa_ab"], TIER_ORDER, "≤", 0.5),
            ("critical: detection at 10 %", ["det_10"], ["critical"], "≥", 99),
            ("critical: detection at 7.5 %", ["det_7.5"], ["critical"], "≥", 95),
            ("inconclusive (all tiers)", ["inconclusive"], TIER_ORDER, "≤", 10)]
    out = ["### Targets", "", "| target | " + " | ".join(tools) + " |",
           "| --- | " + " | ".join("---" for _ in tools) + " |"]
    for label, keys, tiers, op, goal in rows:
        cells = []
        for tool in tools:
            hit, n = total(tool, keys, tiers)
            if n == 0:
                cells.append("–")
                continue
            value = 100.0 * hit / n
            ok = value <= goal if op == "≤" else value >= goal
            cells.append(f"{value:.1f} % ({hit}/{n}) {'met' if ok else 'MISSED'}")
        out.append(f"| {label} {op} {goal:g} % | " + " | ".join(cells) + " |")
    out.append("")
    return out


def noise_table(workdir, rounds, metric, used_sb):
    """Per benchmark kind: within-run spread (robust sd of log repetitions) and between-run spread
    (sd of per-run log medians over every unslowed run: history, base and A/A heads)."""
    def runs_of(prefix):  # one file per process (NAME.pK.gb.json) when there are several
        per_process = sorted(glob.glob(prefix + ".p*.gb.json"))
        return per_process or [prefix + ".gb.json"]

    run_files = []
    for path in sorted(glob.glob(os.path.join(workdir, "history-*.gb.json"))):
        if ".p" not in os.path.basename(path).split(".gb.json")[0]:
            run_files += runs_of(path[: -len(".gb.json")])
    for path in sorted(glob.glob(os.path.join(workdir, "history-*.p1.gb.json"))):
        run_files += runs_of(path[: -len(".p1.gb.json")])
    for rdir in rounds:
        run_files += runs_of(os.path.join(rdir, "base")) + runs_of(os.path.join(rdir, "aa"))
    per_name_medians, per_name_within = {}, {}
    for path in run_files:
        if not os.path.exists(path):
            continue
        for name, values in gb_samples(path, metric).items():
            logs = [math.log(v) for v in values if v > 0]
            if len(logs) < 2:
                continue
            per_name_medians.setdefault(name, []).append(statistics.median(logs))
            per_name_within.setdefault(name, []).append(mad_sd(logs))
    kinds = {}
    for name, medians in per_name_medians.items():
        if len(medians) < 3:
            continue
        k = kinds.setdefault(kind_of(name), {"within": [], "between": [], "between_mad": []})
        k["within"].append(statistics.median(per_name_within[name]))
        k["between"].append(statistics.stdev(medians))
        diffs = [b - a for a, b in zip(medians, medians[1:])]
        k["between_mad"].append(mad_sd(diffs) / math.sqrt(2) if len(diffs) >= 2 else float("nan"))
    if not kinds:
        return []
    n_runs = max(len(m) for m in per_name_medians.values())
    out = [f"### Measured noise per kind (unslowed runs: {n_runs} per benchmark)", "",
           "| kind | within-run sd (median over benchmarks) | between-run sd of run medians "
           "(median; max) | 1.4826·MAD(diffs)/√2 over all runs (median) | s_b bench-gate used "
           "(10th pct; median) |",
           "| --- | --- | --- | --- | --- |"]
    for kind in sorted(kinds):
        k = kinds[kind]
        out.append(f"| {kind} | {100 * statistics.median(k['within']):.1f} % | "
                   f"{100 * statistics.median(k['between']):.1f} %; {100 * max(k['between']):.1f} % | "
                   f"{100 * statistics.median(k['between_mad']):.1f} % | {sb_cell(used_sb.get(kind))} |")
    out.append("")
    return out


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    cmd, args = argv[1], argv[2:]
    table = {"config": (cmd_config, 4), "plan": (cmd_plan, 4), "slowdown": (cmd_slowdown, 1),
             "replan": (cmd_replan, 3), "pool": (cmd_pool, -2),
             "cpverdicts": (cmd_cpverdicts, 4), "tabulate": (cmd_tabulate, 1)}
    want = table.get(cmd, (None, 0))[1]
    if cmd not in table or (len(args) != want if want >= 0 else len(args) < -want):
        sys.exit(__doc__)
    table[cmd][0](*args)


if __name__ == "__main__":
    main(sys.argv)
