package plan

import (
	"io"

	"github.com/ip-platform/infra/internal/cost"
)

// CostResources turns the planned resources into what the estimate prices: the --json plan's
// shape, secrets redacted (no price depends on a secret).
func CostResources(r *Result) []cost.Resource {
	out := make([]cost.Resource, 0, len(r.Resources))
	for _, res := range r.Resources {
		out = append(out, cost.Resource{URN: res.URN, Type: res.Type, Name: res.Name, Parent: res.Parent, Inputs: res.Redacted()})
	}
	return out
}

// Estimate prices a planned stack with the embedded price table and the stack's assumptions.
func Estimate(r *Result) (*cost.Estimate, error) {
	return EstimateResources(CostResources(r), r.Stack, r.Region)
}

// EstimateResources prices resources of stack in region; the --diff base plan is priced with it.
func EstimateResources(resources []cost.Resource, stack, region string) (*cost.Estimate, error) {
	return cost.EstimateStack(resources, stack, region)
}

// writeEstimate is `plan --cost`: the estimate as text, or with --json as data.
func writeEstimate(w io.Writer, r *Result, asJSON bool) error {
	est, err := Estimate(r)
	if err != nil {
		return err
	}
	if asJSON {
		return WriteCostJSON(w, est)
	}
	return WriteCost(w, r.Project, est)
}
