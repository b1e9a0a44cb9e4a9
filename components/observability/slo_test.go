package observability

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/promrules"
)

func TestEveryAlertHasACaseThatFiresAndOneThatMustNot(t *testing.T) {
	var groups []RuleGroup
	for _, f := range RuleFiles(targets()) {
		groups = append(groups, f.Groups...)
	}
	require.NotEmpty(t, groups)
	assert.Empty(t, promrules.Uncovered(groups), "promtool test rules proves each alert both ways")
}

func TestBurnRateAlertsUseTheWorkbookWindowPairs(t *testing.T) {
	tgt := targets()[0]
	tgt.SLO = SLO{Availability: 0.999, LatencyObjective: 0.99, LatencyThresholdSeconds: 1}
	byName := map[string]Rule{}
	for _, r := range sloRules(tgt) {
		byName[r.Alert] = r
	}
	page := byName["TrademarkAvailabilityBudgetBurn"]
	require.NotEmpty(t, page.Expr, "the fast availability alert exists")
	assert.Equal(t, severityCritical, page.Labels["severity"], "a fast burn pages")
	for _, part := range []string{"[1h])", "[5m])", "> 0.0144", "[6h])", "[30m])", "> 0.006"} {
		assert.Contains(t, page.Expr, part, "the page pairs: 1h/5m at 14.4x and 6h/30m at 6x a 0.1%% budget")
	}
	ticket := byName["TrademarkAvailabilityBudgetBurnSlow"]
	assert.Equal(t, severityWarning, ticket.Labels["severity"])
	for _, part := range []string{"[1d])", "[2h])", "> 0.003", "[3d])", "[6h])", "> 0.001"} {
		assert.Contains(t, ticket.Expr, part, "the ticket pairs: 1d/2h at 3x and 3d/6h at 1x")
	}
	latency := byName["TrademarkLatencyBudgetBurn"]
	assert.Contains(t, latency.Expr, `le=~"1(\\.0+)?"`, "the threshold's bucket, written by the SDK or normalized by Prometheus 3")
	assert.Contains(t, latency.Expr, "> 0.144", "14.4 times a 1% budget")
	assert.Equal(t, "latency", latency.Labels["slo"])
	assert.Contains(t, latency.Annotations["description"], "99%", "the objective is named")
	assert.Len(t, byName, 4, "availability and latency, each a page and a ticket")
}

func TestLeMatcher(t *testing.T) {
	for v, want := range map[float64]string{0.5: `le=~"0\\.50*"`, 1: `le=~"1(\\.0+)?"`, 0.025: `le=~"0\\.0250*"`} {
		assert.Equal(t, want, leMatcher(v))
	}
}

func TestSLOValidation(t *testing.T) {
	for _, tc := range []struct {
		slo      SLO
		fragment string
	}{
		{SLO{Availability: 0.9, LatencyObjective: 0.99, LatencyThresholdSeconds: 0.5}, "SLO.Availability (0.9) must be from 0.95"},
		{SLO{Availability: 0.99, LatencyObjective: 1, LatencyThresholdSeconds: 0.5}, "SLO.LatencyObjective (1)"},
		{SLO{Availability: 0.99, LatencyObjective: 0.99, LatencyThresholdSeconds: 0.3}, "bucket boundary"},
	} {
		err := validateSLO(tc.slo)
		require.Error(t, err)
		assert.True(t, strings.Contains(err.Error(), tc.fragment), "%v lacks %q", err, tc.fragment)
	}
	assert.NoError(t, validateSLO(withSLODefaults(SLO{})), "the defaults are valid")
}
