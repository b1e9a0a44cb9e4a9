#!/usr/bin/env bash
# Every PrometheusRule the program creates, in every stack, through Prometheus's own tools:
# `promtool check rules` (each expression parses, each group loads) and `promtool test rules` (each
# alert fires on the input series of its cases and stays quiet on the others). promtool is built
# from the Prometheus Go module pinned in this folder's go.mod (a module of its own, so the
# program's go.mod does not carry Prometheus) into .bin/, and rebuilt only when that pin changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

promtool=.bin/promtool
stamp=.bin/promtool.version
want=$(cd tools/promtool && go list -m -f '{{.Version}}' github.com/prometheus/prometheus)
if [ ! -x "$promtool" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "building promtool $want (a cold build takes about 15 minutes on 2 busy cores)"
  (cd tools/promtool && go build -o ../../.bin/promtool github.com/prometheus/prometheus/cmd/promtool)
  echo "$want" > "$stamp"
fi
"$promtool" --version | sed -n 1p

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for stack in ${STACKS:-dev staging prod}; do
  go run ./cmd/plan --stack "$stack" --rules "$out/$stack"
  "$promtool" check rules "$out/$stack"/*.rules.yaml
  # Rule files are named relative to the test file: run from the stack's folder.
  (cd "$out/$stack" && "$root/$promtool" test rules *.test.yaml)
done
