package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/cost"
	"github.com/ip-platform/infra/internal/plan"
)

// The README's cost table sits between these markers; -update-readme rewrites it from the plans.
const (
	costStart = "<!-- cost-estimate:start -->"
	costEnd   = "<!-- cost-estimate:end -->"
)

// costTable is what the README states about the three stacks' cost: the estimate, the budget, the
// largest component and how much is left unpriced, then the price date and every assumption.
func costTable(t *testing.T) string {
	t.Helper()
	estimates := map[string]*cost.Estimate{}
	var b strings.Builder
	b.WriteString("\n| Stack | Estimate, USD a month | Budget (`budget.monthlyUsd`) | Largest component | Not priced |\n|---|---|---|---|---|\n")
	for _, stack := range stacks {
		est, err := plan.Estimate(planStack(t, stack))
		require.NoError(t, err)
		estimates[stack] = est
		largest := est.ByComponent()[0]
		fmt.Fprintf(&b, "| %s | %.2f | %d | `%s` %.2f | %d |\n", stack, est.TotalUSD, stackFileBudget(t, stack),
			largest.Component, largest.Monthly, len(est.NotPriced))
	}
	first := estimates[stacks[0]]
	fmt.Fprintf(&b, "\nOn-demand list prices for %s read %s, %g hours a month. The usage the plan cannot know, from `internal/cost/assumptions.yaml`:\n\n",
		first.Region, first.PricesRead, first.HoursPerMonth)
	b.WriteString("| Assumption | dev | staging | prod | What it is |\n|---|---|---|---|---|\n")
	for i, a := range first.Assumptions {
		row := []string{"`" + a.Name + "`"}
		for _, stack := range stacks {
			row = append(row, fmt.Sprintf("%g", estimates[stack].Assumptions[i].Value))
		}
		row = append(row, a.Description)
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
	}
	return b.String()
}

// TestReadmeCostTableMatchesThePlans: the README's estimate of each stack is what
// `go run ./cmd/plan --stack S --cost` prints today (go test ./tests -run TestReadme -update-readme
// rewrites it after a change that moves a price).
func TestReadmeCostTableMatchesThePlans(t *testing.T) {
	path := filepath.Join(projectDir, "README.md")
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	head, rest, found := strings.Cut(string(raw), costStart)
	require.True(t, found, "README.md needs the %s marker", costStart)
	table, tail, found := strings.Cut(rest, costEnd)
	require.True(t, found, "README.md needs the %s marker", costEnd)

	want := costTable(t)
	if *updateReadme {
		require.NoError(t, os.WriteFile(path, []byte(head+costStart+want+costEnd+tail), 0o644))
		table = want
	}
	assert.Equal(t, want, table, "README.md's cost table must be the plans' estimates (go test ./tests -run TestReadme -update-readme rewrites it)")
}
