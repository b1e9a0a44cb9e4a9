package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/ip-platform/infra/internal/cost"
)

// PlanFile is a --json plan as read back: the base of a --diff.
type PlanFile struct {
	Stack     string          `json:"stack"`
	Resources []cost.Resource `json:"resources"`
}

// ReadPlanFile reads a --json plan.
func ReadPlanFile(path string) (*PlanFile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("base plan: %w", err)
	}
	var p PlanFile
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, fmt.Errorf("base plan %s: not a --json plan: %w", path, err)
	}
	return &p, nil
}

// headResources returns the plan as a --json file would hold it (numbers as float64, secrets
// redacted), so a plan compared with its own --json output shows no change.
func headResources(r *Result) ([]cost.Resource, error) {
	var b strings.Builder
	if err := WriteJSON(&b, r); err != nil {
		return nil, err
	}
	var p PlanFile
	if err := json.Unmarshal([]byte(b.String()), &p); err != nil {
		return nil, err
	}
	return p.Resources, nil
}

// Report is a --diff: what the change does to the resources and to the monthly cost.
type Report struct {
	Stack string        `json:"stack"`
	Plan  cost.PlanDiff `json:"plan"`
	Cost  cost.CostDiff `json:"cost"`
}

// Compare diffs a base plan against the head plan of the same stack and region, pricing both with
// the head's price table and assumptions, so the cost change is the change's alone.
func Compare(base []cost.Resource, head []cost.Resource, stack, region string) (*Report, error) {
	before, err := EstimateResources(base, stack, region)
	if err != nil {
		return nil, err
	}
	after, err := EstimateResources(head, stack, region)
	if err != nil {
		return nil, err
	}
	return &Report{Stack: stack, Plan: cost.DiffPlans(base, head), Cost: cost.DiffCosts(before, after)}, nil
}

// diffAgainst is `plan --diff BASE.json`.
func diffAgainst(w io.Writer, r *Result, basePath string, asJSON bool) error {
	base, err := ReadPlanFile(basePath)
	if err != nil {
		return err
	}
	if base.Stack != "" && base.Stack != r.Stack {
		return fmt.Errorf("base plan %s is of stack %s, not %s", basePath, base.Stack, r.Stack)
	}
	head, err := headResources(r)
	if err != nil {
		return err
	}
	rep, err := Compare(base.Resources, head, r.Stack, r.Region)
	if err != nil {
		return err
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return WriteReport(w, rep)
}

// WriteReport prints a --diff for a reviewer: counts, each resource added, removed or changed with
// its changed input paths and what forces a replacement, then the cost per component.
func WriteReport(w io.Writer, rep *Report) error {
	d := rep.Plan
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Plan diff of %s: %d to add, %d to remove, %d to change\n", rep.Stack, len(d.Added), len(d.Removed), len(d.Changed))
	if d.Empty() {
		fmt.Fprintf(tw, "  no change\n")
	}
	for _, a := range d.Added {
		fmt.Fprintf(tw, "  + %s %s\n", a.Type, a.Name)
	}
	for _, a := range d.Removed {
		fmt.Fprintf(tw, "  - %s %s\n", a.Type, a.Name)
	}
	for _, c := range d.Changed {
		fmt.Fprintf(tw, "  ~ %s %s\n", c.Type, c.Name)
		for _, p := range c.Paths {
			fmt.Fprintf(tw, "      %s: %s -> %s\n", p.Path, short(p.Before), short(p.After))
		}
		switch {
		case !c.ReplacementKnown:
			fmt.Fprintf(tw, "      replacement: unknown offline (no provider schema for %s); `pulumi preview --diff` says\n", c.Type)
		case len(c.Replaces) > 0:
			fmt.Fprintf(tw, "      REPLACEMENT: %s forces the resource to be replaced\n", strings.Join(c.Replaces, ", "))
		default:
			fmt.Fprintf(tw, "      updated in place\n")
		}
	}
	fmt.Fprintf(tw, "\nMonthly cost (USD)\tbefore\tafter\tchange\n")
	for _, c := range rep.Cost.Components {
		fmt.Fprintf(tw, "  %s\t%.2f\t%.2f\t%+.2f\n", c.Component, c.Before, c.After, c.Delta)
	}
	fmt.Fprintf(tw, "  Total\t%.2f\t%.2f\t%+.2f\n", rep.Cost.Before, rep.Cost.After, rep.Cost.Delta)
	return tw.Flush()
}

// short keeps a changed value to one readable line; long values (policies, chart values) are
// cut, the path already says what changed.
func short(v string) string {
	if v == "" {
		return "(unset)"
	}
	if len(v) > 60 {
		return v[:57] + "..."
	}
	return v
}
