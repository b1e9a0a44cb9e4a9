package plan

import (
	"fmt"
	"io"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/policies/baseline"
)

// Policies evaluates the policy pack (package baseline, the code `pulumi preview --policy-pack
// policies` runs) on the planned resources with the pack's default configuration.
func Policies(r *Result) []baseline.Violation {
	return baseline.Evaluate(PolicyResources(r.Resources), r.Stack, nil)
}

// PolicyResources turns recorded resources into what the policies judge, resolving each
// resource's provider reference ("<provider urn>::<id>") to that provider's inputs, where the
// AWS default tags are.
func PolicyResources(recorded []offline.Resource) []baseline.Resource {
	providers := map[string]resource.PropertyMap{}
	for _, r := range recorded {
		if strings.HasPrefix(r.Type, "pulumi:providers:") {
			providers[r.URN] = r.Inputs
		}
	}
	out := make([]baseline.Resource, 0, len(recorded))
	for _, r := range recorded {
		providerURN := ""
		if i := strings.LastIndex(r.Provider, "::"); i >= 0 {
			providerURN = r.Provider[:i] // URNs contain "::" themselves; the ID follows the last one
		}
		out = append(out, baseline.Resource{
			Type: r.Type, Name: r.Name, URN: r.URN, Parent: r.Parent,
			Properties:           resource.FromResourcePropertyMap(r.Inputs),
			ProviderProperties:   resource.FromResourcePropertyMap(providers[providerURN]),
			PropertyDependencies: r.PropertyDependencies,
		})
	}
	return out
}

// WritePolicyReport prints each violation (enforcement, policy, resource, message) and a summary,
// and returns how many are mandatory.
func WritePolicyReport(w io.Writer, r *Result, violations []baseline.Violation) (int, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "Policy pack %s %s on %s/%s (offline: %d resources, %d policies)\n\n",
		baseline.PackName, baseline.PackVersion, r.Project, r.Stack, len(r.Resources), len(baseline.Policies()))
	mandatory := 0
	for _, v := range violations {
		if v.Mandatory() {
			mandatory++
		}
		fmt.Fprintf(&b, "  [%s]  %s  %s %s\n      %s\n      %s\n",
			baseline.EnforcementName(v.Enforcement), v.Policy, v.Type, v.Name, v.URN, v.Message)
	}
	if len(violations) > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "Policy violations: %d mandatory, %d advisory\n", mandatory, len(violations)-mandatory)
	_, err := io.WriteString(w, b.String())
	return mandatory, err
}

// checkPolicies is `plan --policy`: the report on stdout, exit code 1 on a mandatory violation.
func checkPolicies(stdout, stderr io.Writer, r *Result) int {
	mandatory, err := WritePolicyReport(stdout, r, Policies(r))
	if err != nil {
		fmt.Fprintf(stderr, "error: %v\n", err)
		return ExitInvalid
	}
	if mandatory > 0 {
		fmt.Fprintf(stderr, "error: %d mandatory policy violations: `pulumi preview --policy-pack policies` would refuse this stack\n", mandatory)
		return ExitInvalid
	}
	return ExitOK
}
