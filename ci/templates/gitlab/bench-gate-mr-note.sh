#!/usr/bin/env bash
# Post bench-gate's report as ONE note on the GitLab merge request, updated in place on every
# pipeline (found again by a hidden marker and its author). Used by bench-gate.gitlab-ci.yml:
#
#   bench-gate-mr-note.sh REPORT.md EXIT_CODE
#
# Needs the CI/CD variable BENCH_GATE_API_TOKEN: a project access token with scope `api` (role
# Reporter or higher), masked. Without it the job only warns: the job token cannot write notes.
# Reads GitLab's predefined CI_API_V4_URL, CI_PROJECT_ID and CI_MERGE_REQUEST_IID; needs curl, jq.
set -euo pipefail
report=${1:?usage: bench-gate-mr-note.sh REPORT.md EXIT_CODE}
code=${2:?usage: bench-gate-mr-note.sh REPORT.md EXIT_CODE}
marker='<!-- bench-gate -->'

if [[ -z ${BENCH_GATE_API_TOKEN:-} ]]; then
  echo "bench-gate: BENCH_GATE_API_TOKEN is not set, so no merge-request note; the report is in the job log and artifacts"
  exit 0
fi
: "${CI_API_V4_URL:?}" "${CI_PROJECT_ID:?}" "${CI_MERGE_REQUEST_IID:?not a merge-request pipeline}"
auth=(--header "PRIVATE-TOKEN: ${BENCH_GATE_API_TOKEN}")
notes="${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/merge_requests/${CI_MERGE_REQUEST_IID}/notes"

body=$(mktemp)
trap 'rm -f "$body"' EXIT
{
  echo "$marker"
  if [[ -s $report ]]; then
    cat "$report"
  else  # fixed text: nothing from the merge request
    echo "**bench-gate**: exit code ${code}; no report was written. See the job log."
  fi
} > "$body"

me=$(curl --silent --show-error --fail "${auth[@]}" "${CI_API_V4_URL}/user" | jq -r '.id')
existing=""
for ((page = 1; page <= 50; page++)); do
  batch=$(curl --silent --show-error --fail "${auth[@]}" "${notes}?per_page=100&page=${page}&sort=asc")
  existing=$(jq -r --arg marker "$marker" --argjson me "$me" \
    'map(select(.system == false and .author.id == $me and (.body | startswith($marker)))) | .[0].id // empty' \
    <<< "$batch")
  [[ -n $existing || $(jq length <<< "$batch") -lt 100 ]] && break
done

payload=$(jq --raw-input --slurp '{body: .}' < "$body")
if [[ -n $existing ]]; then
  curl --silent --show-error --fail --request PUT "${auth[@]}" --header "Content-Type: application/json" \
    --data "$payload" "${notes}/${existing}" > /dev/null
  echo "bench-gate: updated merge-request note ${existing}"
elif [[ $code != 3 ]]; then  # no baseline yet: update an old note, start none
  curl --silent --show-error --fail --request POST "${auth[@]}" --header "Content-Type: application/json" \
    --data "$payload" "${notes}" > /dev/null
  echo "bench-gate: posted a merge-request note"
fi
