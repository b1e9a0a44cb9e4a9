package budget

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func TestBudgetRecordsWhatThePolicyReads(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewBudget(ctx, "ip-platform-prod-budget", &BudgetArgs{MonthlyUSD: 2500, Region: "us-east-1", Stack: "prod"})
		return err
	})
	b := offlinetest.Must(t, m, Type, "ip-platform-prod-budget")
	assert.Equal(t, 2500.0, b.Input(PropMonthlyUSD))
	assert.Equal(t, "us-east-1", b.Input(PropRegion))
	assert.Equal(t, "prod", b.Input(PropStack))
	assert.Len(t, m.Resources(), 1, "a budget creates nothing in AWS")
}

func TestBudgetRefusesArgsNamingTheField(t *testing.T) {
	cases := []struct {
		args BudgetArgs
		want string
	}{
		{BudgetArgs{MonthlyUSD: 0, Region: "us-east-1", Stack: "dev"}, "MonthlyUSD must be at least 1, got 0"},
		{BudgetArgs{MonthlyUSD: 10, Stack: "dev"}, "Region is required"},
		{BudgetArgs{MonthlyUSD: 10, Region: "us-east-1"}, "Stack is required"},
	}
	for _, tc := range cases {
		_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
			_, err := NewBudget(ctx, "b", &tc.args)
			return err
		})
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.want)
	}
}
