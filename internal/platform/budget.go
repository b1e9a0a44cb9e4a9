package platform

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/budget"
)

// buildBudget records the stack's monthly budget, where it sets one, for the policy pack's
// monthly-budget policy (components/budget says why it travels as a component).
func (p *Platform) buildBudget(ctx *pulumi.Context) error {
	cfg := p.Config
	if cfg.Budget.MonthlyUSD == 0 {
		return nil
	}
	_, err := budget.NewBudget(ctx, cfg.ClusterName()+"-budget", &budget.BudgetArgs{
		MonthlyUSD: cfg.Budget.MonthlyUSD,
		Region:     cfg.Region,
		Stack:      cfg.Stack,
	})
	if err != nil {
		return fmt.Errorf("budget: %w", err)
	}
	return nil
}
