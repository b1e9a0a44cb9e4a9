#!/usr/bin/env bash
# Writes the pull-request report of preview.yml's fork-safe `report` job: for each stack, the plan
# diff against the base commit's plan (resources added, removed and changed, with the changed input
# paths and known replacements), the monthly cost before, after and the change per component, and
# the policy pack's results. Offline: no credentials, no cloud. The commenter (pr-comment.yml) posts
# the file as is; it never runs this script or anything else of the pull request.
#
#   .github/scripts/pr-report.sh BASE_DIR OUT_FILE
#
# BASE_DIR holds base-<stack>.json, each `go run ./cmd/plan --stack <stack> --json` of the base
# commit. Run from the head commit's checkout.
set -euo pipefail
base_dir=$1
out=$2

{
  echo "<!-- ip-platform-pr-report -->"
  echo "## Offline plan diff, cost and policy per stack"
  echo
  echo "Against the base branch's plan: \`go run ./cmd/plan --stack S --diff base.json\` and \`--policy\`."
  echo "Prices and assumptions are in \`internal/cost\`; replacements marked unknown need \`pulumi preview --diff\`."
  for stack in dev staging prod; do
    echo
    echo "### ${stack}"
    echo
    echo '```'
    if ! go run ./cmd/plan --stack "${stack}" --diff "${base_dir}/base-${stack}.json" 2>&1; then
      echo "(the plan of ${stack} failed: see the job log)"
    fi
    echo '```'
    echo
    policy=$(go run ./cmd/plan --stack "${stack}" --policy 2>&1) && status=0 || status=$?
    summary=$(printf '%s\n' "${policy}" | grep '^Policy violations:' || echo "Policy run failed (exit ${status})")
    if [ "${status}" -eq 0 ]; then
      echo "<details><summary>${summary}</summary>"
    else
      echo "<details open><summary>:x: ${summary}: \`pulumi up\` would refuse ${stack}</summary>"
    fi
    echo
    echo '```'
    printf '%s\n' "${policy}"
    echo '```'
    echo "</details>"
  done
} > "${out}"
