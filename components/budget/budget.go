package budget

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Type is the component's type token, the one NewBudget registers (written out there, where
// docs/architecture.md's test finds every component's token); the policy pack looks for it.
const Type = "ip-platform:budget:Budget"

// Property names the budget is published under, in the component's inputs and outputs alike.
const (
	PropMonthlyUSD = "monthlyUsd"
	PropRegion     = "region"
	PropStack      = "assumptionsStack"
)

// BudgetArgs is the stack's budget.
type BudgetArgs struct {
	// MonthlyUSD is the most the stack may cost a month, in US dollars. Required, at least 1.
	MonthlyUSD int
	// Region is the stack's AWS region, where its resources are priced. Required.
	Region string
	// Stack selects the column of the cost assumptions (internal/cost/assumptions.yaml) the
	// estimate uses. Required.
	Stack string
}

// Budget is the recorded budget; it has no children and no outputs beyond what it records.
type Budget struct {
	pulumi.ResourceState
}

// NewBudget records the budget in the stack.
func NewBudget(ctx *pulumi.Context, name string, args *BudgetArgs, opts ...pulumi.ResourceOption) (*Budget, error) {
	if args == nil {
		return nil, fmt.Errorf("budget %s: args are required", name)
	}
	switch {
	case args.MonthlyUSD < 1:
		return nil, fmt.Errorf("budget %s: MonthlyUSD must be at least 1, got %d", name, args.MonthlyUSD)
	case args.Region == "":
		return nil, fmt.Errorf("budget %s: Region is required", name)
	case args.Stack == "":
		return nil, fmt.Errorf("budget %s: Stack is required", name)
	}
	values := pulumi.Map{
		PropMonthlyUSD: pulumi.Int(args.MonthlyUSD),
		PropRegion:     pulumi.String(args.Region),
		PropStack:      pulumi.String(args.Stack),
	}
	b := &Budget{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:budget:Budget", name, values, b, opts...); err != nil {
		return nil, err
	}
	return b, ctx.RegisterResourceOutputs(b, values)
}
