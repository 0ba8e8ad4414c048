#!/usr/bin/python3
"""What-if for the decision rule: re-decide the comparisons of a finished run.sh --workdir with
other between-run noise estimates (s_b) and a Student-t instead of the normal test.

usage: whatif.py WORKDIR METRIC      (METRIC as the run was judged: cpu_time or real_time)

An approximate re-implementation of harness/src/core/compare.cpp for one run per side: it takes
change, the 95 % interval (-> se) and the s_b bench-gate used from its JSON, backs out the
within-run part, recomputes s_b from the same history bench-gate saw (base runs of the earlier
rounds and the warm-up runs, newest first, up to 10), and redoes Holm/BH and the verdicts. The
line "replication" says how often variant 'current' reproduces bench-gate's own verdicts.
Variants: current (bench-gate's s_b), sd (sample sd of the history run medians, >= half the
floor), +t (one-sided p and MDE from Student t with df = history runs - 1)."""
import json, glob, math, os, re, statistics as st, sys
from scipy.stats import norm, t as tdist
work, metric = sys.argv[1], sys.argv[2]
TH = {"critical": (0.05, "fail"), "standard": (0.10, "fail"), "background": (0.20, "warn")}
FLOOR = 0.02

def run_medians(path):
    d = json.load(open(path)); g = {}
    for b in d["benchmarks"]:
        if b.get("run_type", "iteration") == "iteration": g.setdefault(b["name"], []).append(math.log(b[metric]))
    return {n: st.median(v) for n, v in g.items()}

src = json.load(open(os.path.join(work, "meta.json"))).get("reused_from") or work
hist_files = sorted(glob.glob(os.path.join(src, "history-*.gb.json")), key=lambda p: int(re.findall(r"(\d+)", os.path.basename(p))[0]))
rounds = sorted(glob.glob(os.path.join(work, "round-*")))
line = [run_medians(f) for f in hist_files]  # oldest first on main
def holm(ps):
    idx = sorted(range(len(ps)), key=lambda i: ps[i]); out = [0]*len(ps); m = len(ps); run = 0
    for k, i in enumerate(idx): run = max(run, min(1, (m-k)*ps[i])); out[i] = run
    return out
def bh(ps):
    idx = sorted(range(len(ps)), key=lambda i: ps[i], reverse=True); m = len(ps); out=[0]*m; run=1
    for k, i in enumerate(idx): rank = m-k; run = min(run, ps[i]*m/rank); out[i] = run
    return out

variants = ["current", "sd", "current+t", "sd+t", "max(mad,sd)+t"]
res = {v: {"fa": [0,0], "det10": [0,0], "det75": [0,0], "inc": [0,0], "agree": [0,0]} for v in variants}
for rdir in rounds:
    plan = json.load(open(os.path.join(rdir, "plan.json")))["benchmarks"]
    hist = list(reversed(line))[:10]  # newest first, history_runs 10
    for kind in ("aa", "ab"):
        rows = {b["name"]: b for b in json.load(open(os.path.join(rdir, f"{kind}.bg.json")))["benchmarks"]}
        for v in variants:
            dec = {}
            for n, b in rows.items():
                lc = math.log1p(b["change"]); se = (math.log1p(b["ci_high"]) - math.log1p(b["ci_low"])) / (2*1.959964)
                sb_used = float(re.search(r"between-run ([0-9.]+) %", b["noise_source"]).group(1)) / 100
                se_w2 = max(0.0, se*se - 2*sb_used*sb_used)
                meds = [h[n] for h in hist if n in h]; k = len(meds)
                diffs = [meds[i]-meds[i-1] for i in range(1, k)]
                mad = 1.4826*st.median([abs(d - st.median(diffs)) for d in diffs])/math.sqrt(2) if len(diffs) >= 2 else None
                sd = st.stdev(meds) if k >= 3 else None
                if v.startswith("current"): sb = sb_used
                elif v.startswith("sd"): sb = max(sd, FLOOR/2) if sd is not None else FLOOR
                else: sb = max(mad or 0, sd or 0, FLOOR/2) if sd is not None else FLOOR
                se2 = math.sqrt(se_w2 + 2*sb*sb)
                df = max(1, k-1) if (v.endswith("+t") and k >= 3) else None
                z = lc/se2
                p_slow = (1 - tdist.cdf(z, df)) if df else (1 - norm.cdf(z))
                q = (tdist.ppf(0.95, df) + tdist.ppf(0.80, df)) if df else 2.486
                mde = math.expm1(q*se2)
                dec[n] = (b["tier"], lc, p_slow, mde)
            fail = [n for n in dec if TH[dec[n][0]][1] == "fail"]; warn = [n for n in dec if n not in fail]
            padj = dict(zip(fail, holm([dec[n][2] for n in fail]))); padj.update(zip(warn, bh([dec[n][2] for n in warn])))
            for n, (tier, lc, p, mde) in dec.items():
                thr = TH[tier][0]; ch = math.expm1(lc)
                verdict = "regression" if ch > thr and padj[n] < 0.05 else ("inconclusive" if (mde > thr or ch > thr) and not (ch < -thr) else "other")
                inj = plan[n]["injected"] if kind == "ab" else 0
                r = res[v]
                if v == "current":
                    bgv = rows[n]["verdict"]; bgv = bgv if bgv in ("regression", "inconclusive") else "other"
                    r["agree"][0] += verdict == bgv; r["agree"][1] += 1
                r["inc"][0] += verdict == "inconclusive"; r["inc"][1] += 1
                if inj == 0: r["fa"][0] += verdict == "regression"; r["fa"][1] += 1
                elif tier == "critical" and inj == 10: r["det10"][0] += verdict == "regression"; r["det10"][1] += 1
                elif tier == "critical" and inj == 7.5: r["det75"][0] += verdict == "regression"; r["det75"][1] += 1
    line.append(run_medians(os.path.join(src, os.path.basename(rdir), "base.gb.json")))
f = lambda c: f"{100*c[0]/max(1,c[1]):.1f} % ({c[0]}/{c[1]})"
print(f"| variant ({os.path.basename(work)}) | false alarms | critical det. 10 % | critical det. 7.5 % | inconclusive |")
print("| --- | --- | --- | --- | --- |")
for v in variants:
    r = res[v]; print(f"| {v} | {f(r['fa'])} | {f(r['det10'])} | {f(r['det75'])} | {f(r['inc'])} |")
print("replication of bench-gate's verdicts by 'current':", f(res["current"]["agree"]))
