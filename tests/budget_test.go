package tests

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/ip-platform/infra/components/budget"
	"github.com/ip-platform/infra/internal/cost"
	"github.com/ip-platform/infra/internal/plan"
	"github.com/ip-platform/infra/policies/baseline"
)

// stackFileBudget reads ip-platform:budget.monthlyUsd from the real stack file.
func stackFileBudget(t *testing.T, stack string) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(projectDir, "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	var doc struct {
		Config map[string]any `yaml:"config"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &doc))
	b, ok := doc.Config["ip-platform:budget"].(map[string]any)
	require.True(t, ok, "Pulumi.%s.yaml sets ip-platform:budget", stack)
	amount, ok := b["monthlyUsd"].(int)
	require.True(t, ok, "Pulumi.%s.yaml sets ip-platform:budget.monthlyUsd to whole dollars", stack)
	return amount
}

func budgetViolations(violations []baseline.Violation) []baseline.Violation {
	var out []baseline.Violation
	for _, v := range violations {
		if strings.HasPrefix(v.Policy, "monthly-budget") {
			out = append(out, v)
		}
	}
	return out
}

func TestEveryStackRecordsItsBudgetAndIsWithinIt(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			records := ofType(r, budget.Type)
			require.Len(t, records, 1, "one budget component per stack")
			want := stackFileBudget(t, stack)
			assert.EqualValues(t, want, records[0].Input(budget.PropMonthlyUSD))
			assert.Equal(t, r.Region, records[0].Input(budget.PropRegion))
			assert.Equal(t, stack, records[0].Input(budget.PropStack))

			est, err := plan.Estimate(r)
			require.NoError(t, err)
			assert.Less(t, est.TotalUSD, float64(want), "the example stack fits its own budget")
			assert.Empty(t, budgetViolations(plan.Policies(r)))
		})
	}
}

// planWithBudget plans stack with its budget set to monthly and returns the budget violations.
func planWithBudget(t *testing.T, stack string, monthly int) []baseline.Violation {
	t.Helper()
	r, err := plan.Compute(projectDir, stack, stackFileWith(t, stack, monthly, "ip-platform:budget", "monthlyUsd"))
	require.NoError(t, err)
	return budgetViolations(plan.Policies(r))
}

func TestABudgetJustUnderTheEstimateFailsProdAndWarnsStaging(t *testing.T) {
	cases := []struct {
		stack, policy, level string
	}{
		{"prod", "monthly-budget-prod", "mandatory"},
		{"staging", "monthly-budget", "advisory"},
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			est, err := plan.Estimate(planStack(t, tc.stack))
			require.NoError(t, err)

			assert.Empty(t, planWithBudget(t, tc.stack, int(math.Ceil(est.TotalUSD))), "a budget just over the estimate passes")

			found := planWithBudget(t, tc.stack, int(math.Floor(est.TotalUSD)))
			require.Len(t, found, 1, "a budget just under the estimate is a violation")
			v := found[0]
			assert.Equal(t, tc.policy, v.Policy)
			assert.Equal(t, tc.level, baseline.EnforcementName(v.Enforcement))
			assert.Equal(t, budget.Type, v.Type)
			assert.Contains(t, v.Message, "ip-platform:budget.monthlyUsd")
			assert.Contains(t, v.Message, fmt.Sprintf("the estimated cost is $%.2f a month, over the budget of $%.0f", est.TotalUSD, math.Floor(est.TotalUSD)),
				"the policy's estimate is plan --cost's to the cent")
			items := append([]cost.Item(nil), est.Items...)
			sort.SliceStable(items, func(i, j int) bool { return items[i].Monthly > items[j].Monthly })
			var largest []string
			for _, it := range items[:3] {
				largest = append(largest, fmt.Sprintf("%s %s (%s) $%.2f", it.Type, it.Name, it.Dimension, it.Monthly))
			}
			assert.Contains(t, v.Message, "largest items: "+strings.Join(largest, "; ")+"; ", "the three largest items, most expensive first")
			assert.NotContains(t, v.Message, fmt.Sprintf("%s (%s)", items[3].Name, items[3].Dimension), "and no fourth")
		})
	}
}

// TestOnAnExistingClusterTheBudgetJudgesTheKubernetesLayer: the real-engine check deploys only the
// Kubernetes layer, and sets dev's budget to $1 there; that layer's volumes cost more than that,
// so the engine has something to report, and the offline run finds it too.
func TestOnAnExistingClusterTheBudgetJudgesTheKubernetesLayer(t *testing.T) {
	r := planOnExistingCluster(t, "dev")
	est, err := plan.Estimate(r)
	require.NoError(t, err)
	assert.Greater(t, est.TotalUSD, 1.0, "the charts' PersistentVolumeClaims are priced as gp3 volumes")
	assert.Less(t, est.TotalUSD, 50.0, "nothing of the AWS layer is in this plan")
	assert.Empty(t, budgetViolations(plan.Policies(r)), "dev's own budget holds")
}
