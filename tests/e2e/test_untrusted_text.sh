#!/usr/bin/env bash
# Untrusted text (issue 11, kinds 6, 7, 9) on a real repository, rendered by GitHub's own Markdown
# engine (cmark-gfm with the autolink and table extensions): benchmark names, labels, units,
# error messages, hosts and note text full of HTML, URLs, e-mail addresses, newlines followed by
# "::error::", ESC sequences and 100k-character fields. The report holds no HTML element, no link
# and no workflow-command line and stays within its budget; show, log and warnings print no ESC.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
command -v cmark-gfm > /dev/null || fail "cmark-gfm is missing (ci/setup.sh installs it)"

# evil_json OUT NS: a Google Benchmark JSON whose strings are hostile.
evil_json() {
  python3 - "$1" "$2" <<'PY'
import json, sys
out, ns = sys.argv[1], float(sys.argv[2])
evil = ["BM_<img src=x onerror=alert(1)>", "BM_https://evil.example/x", "BM_www.evil.com/y",
        "BM_mail_a@b.co", "BM_nl\n::error::owned-by-name", "BM_esc\x1b[31mred\x1b]0;t\x07",
        "::add-mask::BM_secret", "##[error]BM_legacy", "BM_ok"]
host = "host-https://evil.example/" + "h" * 100000 + "\n::error::owned-by-host\x1b[2J"
benchmarks = []
for i, name in enumerate(evil):
    for r in range(5):
        t = ns * (1 + 0.002 * r)
        benchmarks.append({"name": name, "run_name": name, "run_type": "iteration",
                           "family_index": i, "per_family_instance_index": 0,
                           "repetitions": 5, "repetition_index": r, "threads": 1,
                           "iterations": 100, "real_time": t, "cpu_time": t, "time_unit": "ns",
                           "label": "label www.x.org <b>\n::warning::lbl"})
benchmarks.append({"name": "BM_fails", "run_name": "BM_fails", "run_type": "iteration",
                   "family_index": 99, "per_family_instance_index": 0, "repetitions": 1,
                   "repetition_index": 0, "threads": 1, "iterations": 0, "real_time": 0,
                   "cpu_time": 0, "time_unit": "ns", "error_occurred": True,
                   "error_message": "boom\n::error::owned-by-message \x1b[2J <script>x</script> https://e.vil"})
doc = {"context": {"date": "2026-11-30T12:00:00+00:00", "host_name": host, "num_cpus": 2,
                   "mhz_per_cpu": 2800, "cpu_scaling_enabled": False,
                   "library_build_type": "release", "caches": []},
       "benchmarks": benchmarks}
json.dump(doc, open(out, "w"))
PY
}

# check_markdown FILE WHAT: the report's properties, with GitHub's renderer as the judge.
check_markdown() {
  python3 - "$1" "$2" <<'PY' || fail "$2"
import re, subprocess, sys
path, what = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8", errors="strict").read()
problems = []
if len(text.encode()) > 60000: problems.append(f"{len(text.encode())} bytes, over the 60000 budget")
for tag in re.findall(r"<[^>]{0,40}", text):
    if not re.match(r"</?(details|summary|sub)\b", tag): problems.append(f"raw '{tag}'")
for line in text.split("\n"):
    s = line.lstrip()
    if s.startswith("::") or s.startswith("##["): problems.append(f"workflow command line: {line[:80]!r}")
if "\x1b" in text: problems.append("ESC byte")
html = subprocess.run(["cmark-gfm", "--unsafe", "-e", "autolink", "-e", "table",
                       "-e", "strikethrough", "-e", "tagfilter"],
                      input=text.encode(), capture_output=True, check=True).stdout.decode()
for m in re.findall(r"<(a|img|script|iframe)\b[^>]*>", html): problems.append(f"rendered <{m}>")
if problems:
    print(f"{what}: " + "; ".join(problems[:5]), file=sys.stderr)
    sys.exit(1)
PY
}

# check_terminal FILE WHAT: no ESC or other control byte, no line that is a workflow command.
check_terminal() {
  python3 - "$1" "$2" <<'PY' || fail "$2"
import sys
path, what = sys.argv[1], sys.argv[2]
data = open(path, "rb").read()
bad = [b for b in data if (b < 0x20 and b != 0x0A) or b == 0x7F]
if bad: print(f"{what}: control bytes {sorted(set(bad))}", file=sys.stderr); sys.exit(1)
for line in data.split(b"\n"):
    s = line.lstrip()
    if s.startswith(b"::") or s.startswith(b"##["):
        print(f"{what}: workflow command line {line[:80]!r}", file=sys.stderr); sys.exit(1)
PY
}

new_repo r
evil_json base.json 1000
evil_json head.json 1500
"$BENCH_GATE" -q -C r record HEAD --input "$WORK/base.json" 2> /dev/null || true
commit r two
"$BENCH_GATE" -q -C r record HEAD --input "$WORK/head.json" 2> /dev/null || true
[[ $(git -C r notes --ref=bench-gate list | wc -l) == 2 ]] || fail "the hostile runs were not stored"

# Kinds 6, 7, 9: the compare report.
expect_exit 4 "$BENCH_GATE" -C r compare HEAD~1 HEAD --json "$WORK/cmp.json"
cp "$WORK/out" report.md
check_markdown report.md "compare report"
contains report.md "### Regressions"
contains report.md "BM\_https:"
grep -q "…" report.md || fail "the 100k-character host was not cut"
pass "compare: hostile names, labels, messages and a 100k-character host render safely"

# Kind 6: report --input re-renders a saved comparison whose unit and host were edited.
python3 - <<'PY'
import json
c = json.load(open("cmp.json"))
for b in c["benchmarks"]:
    b["unit"] = "<img src=x onerror=alert(1)> | <!-- @org/team www.x.org [x](javascript:alert(1))\n::error::from-unit"
c["head_environments"][0]["host"] = "x" * 200000 + "\n::error::h https://h.example"
c["environment_differences"] = ["d\n::error::diff <b> https://d.example"] * 500
json.dump(c, open("evil.json", "w"))
PY
expect_exit 0 "$BENCH_GATE" report --input "$WORK/evil.json"
cp "$WORK/out" report-input.md
check_markdown report-input.md "report --input"
contains report-input.md "&lt;img src=x"
contains report-input.md "### Regressions"
pass "report --input: saved unit, host and differences are escaped and bounded"

# Kind 6: show prints every stored field through the terminal escaper.
expect_exit 0 "$BENCH_GATE" -C r show HEAD
check_terminal "$WORK/out" "show"
contains "$WORK/out" 'BM_esc\e[31mred'
contains "$WORK/out" 'BM_nl\n::error::owned-by-name'
contains "$WORK/out" 'ERROR: boom\n::error::owned-by-message'
pass "show: no control byte, no workflow command, names readable"

# Kind 6: log shows names readably (not Markdown-escaped) on the terminal; --markdown escapes.
expect_exit 0 "$BENCH_GATE" -C r log HEAD
check_terminal "$WORK/out" "log"
contains "$WORK/out" "BM_<img src=x onerror=alert(1)>"
lacks "$WORK/out" 'BM\_'
lacks "$WORK/out" '&lt;'
expect_exit 0 "$BENCH_GATE" -C r log HEAD --markdown
cp "$WORK/out" log.md
check_markdown log.md "log --markdown"
contains log.md 'BM\_ok'
pass "log: plain text by default, Markdown with --markdown, both safe"

# Issue 14: the published site. No raw '<' from data anywhere in OUTDIR: in the pages every '<'
# opens one of the site's own elements, as a browser parses them (no <img>, no event handler, no
# inline script); the data scripts hold no '<', '>', '&' nor U+2028/U+2029 at all.
commit r $'<img src=x onerror=alert(2)> & </script> subject \u2028 end'
expect_exit 0 "$BENCH_GATE" -C r publish "$WORK/site" HEAD --commit-url 'https://example.com/c/{sha}'
python3 - "$WORK/site" <<'PY' || fail "the published site"
import html.parser, pathlib, sys
site = pathlib.Path(sys.argv[1])
own = {"html", "head", "meta", "link", "title", "body", "header", "h1", "h2", "p", "main",
       "section", "div", "details", "summary", "table", "thead", "tbody", "tr", "th", "td", "a",
       "form", "label", "input", "select", "option", "output", "script", "nav", "figure",
       "figcaption"}
problems = []

class Page(html.parser.HTMLParser):  # the elements a browser would build from the markup
    def handle_starttag(self, tag, attrs):
        if tag not in own: problems.append(f"{self.name}: element <{tag}>")
        for name, _ in attrs:
            if name.startswith("on"): problems.append(f"{self.name}: handler {name} on <{tag}>")
        if tag == "script" and "src" not in dict(attrs): problems.append(f"{self.name}: inline script")
    def handle_comment(self, data): problems.append(f"{self.name}: comment")

pages = list(site.rglob("*.html"))
for page in pages:
    text = page.read_text(encoding="utf-8")
    parser = Page()
    parser.name = page.name
    parser.feed(text)
    if "Content-Security-Policy" not in text or "script-src 'self'" not in text:
        problems.append(f"{page.name}: no CSP")
data = list((site / "data").glob("*.js"))
for script in data:
    raw = script.read_bytes()
    for bad in (b"<", b">", b"&", "\u2028".encode(), "\u2029".encode(), b"\x1b"):
        if bad in raw: problems.append(f"{script.name}: raw {bad!r}")
names = "".join(p.read_text(encoding="utf-8") for p in data)
if "BM_\\u003cimg src=x onerror=alert(1)\\u003e" not in names: problems.append("hostile name not in the data")
if not any("&lt;img src=x onerror=alert(1)&gt;" in p.read_text(encoding="utf-8") for p in pages):
    problems.append("hostile name not shown as text in any page")
history = (site / "data" / "history.js").read_text(encoding="ascii")
if "\\u003cimg src=x onerror=alert(2)\\u003e \\u0026 \\u003c/script\\u003e" not in history:
    problems.append("hostile subject not in the data, escaped")
if len(pages) < 10: problems.append(f"only {len(pages)} pages")
if problems:
    print("; ".join(problems[:6]), file=sys.stderr)
    sys.exit(1)
PY
check_terminal "$WORK/err" "publish"
pass "publish: hostile names, subjects and hosts reach the site only as text"

# Kind 6: warnings that quote note text.
commit r three
git -C r notes --ref=bench-gate add -f -m $'{"schema_version": 1, "commit": "\x1b[2J\\n::error::note", "runs": [' HEAD
commit r four
git -C r notes --ref=bench-gate add -f -m $'\x1b]0;owned\x07\n::error::raw-note-text' HEAD
expect_exit 0 "$BENCH_GATE" -C r log HEAD
check_terminal "$WORK/err" "log warnings"
[[ $(grep -c "warning: note of commit" "$WORK/err") == 2 ]] || fail "expected two warnings: $(cat "$WORK/err")"
pass "warnings quoting note text print no control byte"
