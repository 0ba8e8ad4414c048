#!/usr/bin/env bash
# ci/templates/gitlab/bench-gate-mr-note.sh posts ONE merge-request note and updates it in place.
# GitLab itself cannot run here, so a small local HTTP server answers the three endpoints of the
# GitLab REST API v4 the script uses (GET /user, GET/POST .../merge_requests/IID/notes, PUT
# .../notes/ID), with GitLab's JSON shapes, and records what it was sent.
source "$(dirname "$0")/lib.sh"
root=${BENCH_GATE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
script=$root/ci/templates/gitlab/bench-gate-mr-note.sh
command -v curl > /dev/null && command -v jq > /dev/null || fail "curl and jq are needed (ci/setup.sh)"

cat > "$WORK/api.py" << 'PY'
import json, re, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
state = {"notes": [{"id": 1, "body": "<!-- bench-gate -->\nsomeone else's", "system": False,
                    "author": {"id": 99}},
                   {"id": 2, "body": "added 1 commit", "system": True, "author": {"id": 7}}],
         "next": 10}
notes_path = re.compile(r"^/api/v4/projects/42/merge_requests/5/notes(?:/(\d+))?(?:\?.*)?$")
class Api(BaseHTTPRequestHandler):
    def reply(self, code, data):
        body = json.dumps(data).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def authorized(self):
        if self.headers.get("PRIVATE-TOKEN") != "secret":
            self.reply(401, {"message": "401 Unauthorized"})
            return False
        return True
    def do_GET(self):
        if not self.authorized(): return
        if self.path == "/api/v4/user": return self.reply(200, {"id": 7, "username": "bot"})
        if notes_path.match(self.path): return self.reply(200, state["notes"])
        self.reply(404, {"message": "404 Not found"})
    def body(self):
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))["body"]
    def do_POST(self):
        if not self.authorized(): return
        m = notes_path.match(self.path)
        if not m or m.group(1): return self.reply(404, {})
        note = {"id": state["next"], "body": self.body(), "system": False, "author": {"id": 7}}
        state["next"] += 1
        state["notes"].append(note)
        self.reply(201, note)
    def do_PUT(self):
        if not self.authorized(): return
        m = notes_path.match(self.path)
        note = next((n for n in state["notes"] if m and str(n["id"]) == m.group(1)), None)
        if note is None: return self.reply(404, {})
        if note["author"]["id"] != 7: return self.reply(403, {"message": "403 Forbidden"})
        note["body"] = self.body()
        self.reply(200, note)
    def log_message(self, *args):
        pass
server = HTTPServer(("127.0.0.1", 0), Api)
open(sys.argv[1], "w").write(str(server.server_address[1]))
import threading
def dump():
    while True:
        import time; time.sleep(0.05)
        open(sys.argv[2] + ".tmp", "w").write(json.dumps(state["notes"]))
        import os; os.replace(sys.argv[2] + ".tmp", sys.argv[2])
threading.Thread(target=dump, daemon=True).start()
server.serve_forever()
PY
python3 "$WORK/api.py" "$WORK/port" "$WORK/notes.json" &
api_pid=$!
trap 'kill "$api_pid" 2> /dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [[ -s $WORK/port ]] && break; sleep 0.1; done
[[ -s $WORK/port ]] || fail "the API server did not start"
export CI_API_V4_URL="http://127.0.0.1:$(cat "$WORK/port")/api/v4" CI_PROJECT_ID=42 CI_MERGE_REQUEST_IID=5

notes() {  # notes JQ-FILTER: the server's notes, after its next dump
  sleep 0.3
  jq -r "$1" "$WORK/notes.json"
}
printf '### Regressions (1)\n| `BM_a` | +30 %% |\n' > "$WORK/report.md"

BENCH_GATE_API_TOKEN='' bash "$script" "$WORK/report.md" 1 > "$WORK/out"
contains "$WORK/out" "BENCH_GATE_API_TOKEN is not set"
[[ $(notes 'length') == 2 ]] || fail "a note was posted without a token"
pass "no token: a warning, no note, exit 0"

export BENCH_GATE_API_TOKEN=secret
bash "$script" "$WORK/report.md" 3 > "$WORK/out"
[[ $(notes 'length') == 2 ]] || fail "exit 3 (no baseline) started a note"
bash "$script" "$WORK/report.md" 1 > "$WORK/out"
contains "$WORK/out" "posted a merge-request note"
[[ $(notes 'length') == 3 ]] || fail "no note was posted"
[[ $(notes '.[2].body') == $'<!-- bench-gate -->\n### Regressions (1)\n| `BM_a` | +30 % |' ]] ||
  fail "the note is not the report behind the marker: $(notes '.[2].body')"
[[ $(notes '.[0].body') == *"someone else's" ]] || fail "another user's note with the marker was touched"
pass "first pipeline: one note (the report behind the marker); none on exit 3; others' notes untouched"

echo "passed now" > "$WORK/report.md"
bash "$script" "$WORK/report.md" 0 > "$WORK/out"
contains "$WORK/out" "updated merge-request note 10"
[[ $(notes 'length') == 3 ]] || fail "a second note was posted instead of an update"
[[ $(notes '.[2].body') == $'<!-- bench-gate -->\npassed now' ]] || fail "the note was not updated"
rm "$WORK/report.md"
bash "$script" "$WORK/report.md" 4 > "$WORK/out"
[[ $(notes '.[2].body') == *"exit code 4; no report was written"* ]] || fail "no fixed text without a report"
pass "later pipelines update the same note in place (also without a report: fixed text)"

BENCH_GATE_API_TOKEN=wrong expect_exit 22 bash "$script" "$WORK/report.md" 0
pass "a rejected token fails the script (the template then says so and the gate goes on)"
