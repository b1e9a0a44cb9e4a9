package baseline

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"

	"github.com/ip-platform/infra/components/budget"
	"github.com/ip-platform/infra/internal/cost"
	"github.com/ip-platform/infra/internal/offline"
)

// budgetKey is the config key a violation tells the reader to look at.
const budgetKey = "ip-platform:budget.monthlyUsd"

// MonthlyBudgetProdPolicy: a prod stack whose estimated monthly cost is over its budget is
// refused. The estimate is internal/cost's (the same as `plan --cost`), so a reviewer can
// reproduce it; a stack without a budget component is not judged.
func MonthlyBudgetProdPolicy() Policy {
	return monthlyBudgetPolicy("monthly-budget-prod", policyx.EnforcementLevelMandatory,
		"A prod stack's estimated monthly cost (go run ./cmd/plan --stack prod --cost) is within its budget (ip-platform:budget.monthlyUsd).",
		func(env string) bool { return env == "prod" })
}

// MonthlyBudgetPolicy: the same judgement outside prod, advisory, since a dev or staging stack
// over budget is worth a look in review and not worth blocking an experiment.
func MonthlyBudgetPolicy() Policy {
	return monthlyBudgetPolicy("monthly-budget", policyx.EnforcementLevelAdvisory,
		"A dev or staging stack's estimated monthly cost (go run ./cmd/plan --stack S --cost) is within its budget (ip-platform:budget.monthlyUsd); advisory.",
		func(env string) bool { return env != "prod" })
}

func monthlyBudgetPolicy(name string, level policyx.EnforcementLevel, description string, judges func(env string) bool) Policy {
	return Policy{
		Name: name, Description: description, Enforcement: level,
		CheckStack: func(resources []Resource, stack string) []Finding {
			if !judges(stackEnvironment(resources, stack)) {
				return nil
			}
			return MonthlyBudget(resources)
		},
	}
}

// MonthlyBudget prices the stack's resources and, when the total is over the budget the stack
// records, reports it on the budget component with the estimate, the budget and the three
// largest items.
func MonthlyBudget(resources []Resource) []Finding {
	b, ok := findBudget(resources)
	if !ok {
		return nil
	}
	if b.err != "" {
		return []Finding{{URN: b.urn, Message: b.err}}
	}
	est, err := estimate(resources, b)
	if err != nil {
		return []Finding{{URN: b.urn, Message: fmt.Sprintf("the estimate could not be made: %v", err)}}
	}
	if est.TotalUSD <= b.monthlyUSD {
		return nil
	}
	msg := fmt.Sprintf("the estimated cost is $%.2f a month, over the budget of $%.0f (%s) by $%.2f; largest items: %s",
		est.TotalUSD, b.monthlyUSD, budgetKey, est.TotalUSD-b.monthlyUSD, strings.Join(largestItems(est.Items, 3), "; "))
	if n := len(est.NotPriced); n > 0 {
		msg += fmt.Sprintf("; %d resources or dimensions not priced (go run ./cmd/plan --stack %s --cost lists them)", n, b.stack)
	}
	return []Finding{{URN: b.urn, Message: msg}}
}

// stackBudget is what the budget component records (components/budget).
type stackBudget struct {
	urn, region, stack string
	monthlyUSD         float64
	err                string
}

func findBudget(resources []Resource) (stackBudget, bool) {
	for _, r := range resources {
		if r.Type != budget.Type {
			continue
		}
		b := stackBudget{urn: r.URN}
		amount, okAmount := get(r.Properties, budget.PropMonthlyUSD).number()
		region, okRegion := get(r.Properties, budget.PropRegion).str()
		stack, okStack := get(r.Properties, budget.PropStack).str()
		if !okAmount || !okRegion || !okStack {
			b.err = fmt.Sprintf("the budget component must record %s, %s and %s as known values", budget.PropMonthlyUSD, budget.PropRegion, budget.PropStack)
		}
		b.monthlyUSD, b.region, b.stack = amount, region, stack
		return b, true
	}
	return stackBudget{}, false
}

func estimate(resources []Resource, b stackBudget) (*cost.Estimate, error) {
	priced := make([]cost.Resource, 0, len(resources))
	for _, r := range resources {
		priced = append(priced, cost.Resource{URN: r.URN, Type: r.Type, Name: r.Name, Parent: r.Parent,
			Inputs: offline.RedactedMap(resource.ToResourcePropertyMap(r.Properties))})
	}
	return cost.EstimateStack(priced, b.stack, b.region)
}

// largestItems names the n most expensive priced lines, most expensive first.
func largestItems(items []cost.Item, n int) []string {
	sorted := append([]cost.Item(nil), items...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Monthly > sorted[j].Monthly })
	if len(sorted) > n {
		sorted = sorted[:n]
	}
	out := make([]string, len(sorted))
	for i, it := range sorted {
		out[i] = fmt.Sprintf("%s %s (%s) $%.2f", it.Type, it.Name, it.Dimension, it.Monthly)
	}
	return out
}
