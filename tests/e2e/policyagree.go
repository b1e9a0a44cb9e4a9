//go:build e2e

package e2e

import (
	"sort"
	"strings"

	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/plan"
)

// mandatory keeps the mandatory ones of policyReport's violations.
func mandatory(violations []string) []string {
	var out []string
	for _, v := range violations {
		if strings.HasPrefix(v, "mandatory ") {
			out = append(out, v)
		}
	}
	return out
}

// assertOfflinePolicyAgrees runs the offline plan and its policy run (`go run ./cmd/plan
// --policy`) on the same project copy and stack file the CLI used, and fails, printing both, when
// it finds other violations than the engine did: the offline path must stay a faithful copy of
// the engine's.
func (h *harness) assertOfflinePolicyAgrees(p *cliProject, engine enginePolicy) {
	h.t.Helper()
	result, err := plan.Compute(p.Dir, p.stack, "")
	require.NoError(h.t, err, "offline plan of the project copy")
	var offline []string
	for _, v := range plan.Policies(result) {
		level := "advisory"
		if v.Mandatory() {
			level = "mandatory"
		}
		offline = append(offline, level+" "+v.Policy+" "+v.Name)
	}
	sort.Strings(offline)
	engineViolations := append([]string{}, engine.Violations...)
	if engineViolations == nil {
		engineViolations = []string{}
	}
	if offline == nil {
		offline = []string{}
	}
	require.Equal(h.t, engineViolations, offline, "the engine (pulumi preview --policy-pack) and the offline plan (plan --policy) disagree on %s; engine said:\n%s",
		p.stack, strings.Join(engine.Messages, "\n"))
	h.t.Logf("%s: the offline plan --policy agrees with the engine: %d violations in both, %d resources planned", p.stack, len(offline), len(result.Resources))
}
