package plan

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ip-platform/infra/internal/cost"
)

// WriteCost prints the estimate: by component, by resource and dimension, the total, the
// assumptions it rests on, what is not priced and why, and the sources of the prices used.
func WriteCost(w io.Writer, project string, e *cost.Estimate) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Monthly cost estimate of %s/%s: USD, %s, %g h/month, on-demand list prices read %s\n\n",
		project, e.Stack, e.Region, e.HoursPerMonth, e.PricesRead)
	fmt.Fprintf(tw, "By component\n")
	for _, c := range e.ByComponent() {
		fmt.Fprintf(tw, "  %s\t%10.2f\n", c.Component, c.Monthly)
	}
	fmt.Fprintf(tw, "  Total\t%10.2f\n\nBy resource\n", e.TotalUSD)
	fmt.Fprintf(tw, "  Resource\tDimension\tQuantity\tUnit price\tMonthly\tNote\n")
	for _, it := range e.Items {
		fmt.Fprintf(tw, "  %s %s\t%s\t%.2f %s\t%g\t%.2f\t%s\n", it.Type, it.Name, it.Dimension, it.Quantity, it.Unit, it.UnitUSD, it.Monthly, it.Note)
	}
	fmt.Fprintf(tw, "\nAssumptions (internal/cost/assumptions.yaml, stack %s)\n", e.Stack)
	for _, a := range e.Assumptions {
		fmt.Fprintf(tw, "  %s\t%g\t%s\n", a.Name, a.Value, a.Description)
	}
	fmt.Fprintf(tw, "\nNot priced (%d): billed by AWS, left out of the total\n", len(e.NotPriced))
	for _, u := range e.NotPriced {
		fmt.Fprintf(tw, "  %s %s\t%s\n", u.Type, u.Name, u.Reason)
	}
	fmt.Fprintf(tw, "\nFree: no charge of their own\n")
	for _, f := range e.Free {
		fmt.Fprintf(tw, "  %d x %s\t%s\n", f.Count, f.Type, f.Reason)
	}
	fmt.Fprintf(tw, "\nPrices used (internal/cost/prices.json)\n")
	for _, p := range e.Prices {
		fmt.Fprintf(tw, "  %s\t%g USD/%s\t%s, read %s\t%s\n", p.Key, p.USD, p.Unit, p.Source, p.Read, p.Note)
	}
	return tw.Flush()
}

// costJSON is the --cost --json output: the estimate and its per-component sums.
type costJSON struct {
	*cost.Estimate
	Components []cost.ComponentCost `json:"components"`
}

// WriteCostJSON prints the estimate as data.
func WriteCostJSON(w io.Writer, e *cost.Estimate) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(costJSON{Estimate: e, Components: e.ByComponent()})
}

// usd formats a monthly amount the way the README table and the PR comment show it.
func usd(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	intPart, frac, _ := strings.Cut(s, ".")
	neg := strings.HasPrefix(intPart, "-")
	intPart = strings.TrimPrefix(intPart, "-")
	var b strings.Builder
	for i, d := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return sign + "$" + b.String() + "." + frac
}
