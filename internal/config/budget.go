package config

// Budget is the stack's monthly cost budget, checked by the policy pack's monthly-budget policy
// against the estimate of internal/cost.
type Budget struct {
	// MonthlyUSD is the most the stack may cost a month in US dollars; 0 means no budget is set
	// and the stack's cost is not checked.
	MonthlyUSD int
}

// maxMonthlyBudgetUSD bounds the budget to catch a typo (an extra zero or two) rather than to
// limit anyone: ten million dollars a month is far beyond what these stacks can cost.
const maxMonthlyBudgetUSD = 10_000_000

func budgetKeys() []Key {
	return []Key{
		{Name: "budget", Type: "object", ProjectDefault: map[string]any{}, Default: "unset: no budget check",
			Description: "Monthly cost budget of the stack (fields below), checked by the policy pack against the offline estimate (go run ./cmd/plan --stack S --cost)."},
		{Name: "budget.monthlyUsd", Type: "integer", Default: "required when budget is set",
			Description: "Most the stack may cost a month, whole US dollars, 1 to 10000000. Over it the monthly-budget policy fails prod (mandatory) and warns elsewhere (advisory)."},
	}
}

// parseBudget reads the budget; an empty object is what Pulumi.yaml's default hands over for a
// stack without one, so it means unset.
func parseBudget(p *problems, values map[string]string) Budget {
	var b Budget
	o := structured(p, values, "budget")
	if o == nil || len(o.fields) == 0 {
		return b
	}
	if _, set := o.get("monthlyUsd"); !set {
		p.add(key("budget.monthlyUsd"), "is required when budget is set: whole US dollars a month, 1 to %d", maxMonthlyBudgetUSD)
	} else {
		o.int("monthlyUsd", &b.MonthlyUSD)
		if b.MonthlyUSD < 1 || b.MonthlyUSD > maxMonthlyBudgetUSD {
			p.add(key("budget.monthlyUsd"), "must be whole US dollars a month from 1 to %d, got %d", maxMonthlyBudgetUSD, b.MonthlyUSD)
		}
	}
	o.done()
	return b
}
