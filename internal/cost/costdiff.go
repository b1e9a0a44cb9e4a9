package cost

import "sort"

// ComponentDelta is the cost of one component before and after a change.
type ComponentDelta struct {
	Component string  `json:"component"`
	Before    float64 `json:"beforeUsd"`
	After     float64 `json:"afterUsd"`
	Delta     float64 `json:"deltaUsd"`
}

// CostDiff is the monthly cost before and after a change, per component and in total.
type CostDiff struct {
	Components []ComponentDelta `json:"components"`
	Before     float64          `json:"beforeUsd"`
	After      float64          `json:"afterUsd"`
	Delta      float64          `json:"deltaUsd"`
}

// DiffCosts compares two estimates; components whose cost did not move are left out.
func DiffCosts(before, after *Estimate) CostDiff {
	b, a := map[string]float64{}, map[string]float64{}
	for _, c := range before.ByComponent() {
		b[c.Component] = c.Monthly
	}
	for _, c := range after.ByComponent() {
		a[c.Component] = c.Monthly
	}
	names := map[string]bool{}
	for k := range b {
		names[k] = true
	}
	for k := range a {
		names[k] = true
	}
	d := CostDiff{Components: []ComponentDelta{}, Before: before.TotalUSD, After: after.TotalUSD, Delta: round2(after.TotalUSD - before.TotalUSD)}
	for n := range names {
		if delta := round2(a[n] - b[n]); delta != 0 {
			d.Components = append(d.Components, ComponentDelta{Component: n, Before: b[n], After: a[n], Delta: delta})
		}
	}
	sort.Slice(d.Components, func(i, j int) bool { return d.Components[i].Component < d.Components[j].Component })
	return d
}
