// Command plan prints what a stack would create, without a cloud account: it runs the program's real
// code under Pulumi's mocks on Pulumi.yaml and Pulumi.<stack>.yaml.
//
//	go run ./cmd/plan --stack prod            # tree and counts per type
//	go run ./cmd/plan --stack prod --json     # resources with resolved inputs (secrets redacted)
//	go run ./cmd/plan --stack prod --config-file other.yaml
//	go run ./cmd/plan --stack prod --policy    # the policy pack (policies/) on the plan
//
// Exit code 1 means the stack's configuration or program is invalid (the error names the key), or
// with --policy that a mandatory policy is violated.
package main

import (
	"os"

	"github.com/ip-platform/infra/internal/plan"
)

func main() {
	os.Exit(plan.Main(os.Args[1:], os.Stdout, os.Stderr))
}
