package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/cost"
	"github.com/ip-platform/infra/internal/plan"
)

// priceOf returns the table's price of one dimension.
func priceOf(t testing.TB, key string) float64 {
	t.Helper()
	p, err := cost.LoadPrices()
	require.NoError(t, err)
	e, ok := p.Lookup(key)
	require.True(t, ok, "price entry %s", key)
	return e.USD
}

// compareWith plans stack with one config value changed and diffs it against the real stack.
func compareWith(t *testing.T, stack string, value any, path ...string) *plan.Report {
	t.Helper()
	base := planStack(t, stack)
	changed, err := plan.Compute(projectDir, stack, stackFileWith(t, stack, value, path...))
	require.NoError(t, err)
	rep, err := plan.Compare(plan.CostResources(base), plan.CostResources(changed), stack, base.Region)
	require.NoError(t, err)
	return rep
}

func componentDelta(rep *plan.Report, component string) float64 {
	for _, c := range rep.Cost.Components {
		if c.Component == component {
			return c.Delta
		}
	}
	return 0
}

func TestProdRedisFromThreeToFiveNodesAddsTwoNodePrices(t *testing.T) {
	// prod runs a primary and two replicas; four replicas make five nodes.
	rep := compareWith(t, "prod", 4, "ip-platform:cache", "replicas")
	want := 2 * priceOf(t, "elasticache.cache.m7g.large") * 730
	alarms := 8 * priceOf(t, "cloudwatch.alarm")
	assert.InDelta(t, want+alarms, componentDelta(rep, "ip-platform:cache:Redis ip-platform-prod-redis"), 0.011,
		"two more cache.m7g.large nodes for 730 hours, and the four alarms the cache component sets on each node")
	assert.InDelta(t, want+alarms, rep.Cost.Delta, 0.011, "nothing outside the cache changes cost")

	var changed []string
	for _, c := range rep.Plan.Changed {
		if c.Type == "aws:elasticache/replicationGroup:ReplicationGroup" {
			for _, p := range c.Paths {
				changed = append(changed, p.Path)
			}
		}
	}
	assert.Equal(t, []string{"numCacheClusters", "preferredCacheClusterAzs[3]", "preferredCacheClusterAzs[4]"}, changed,
		"the diff names the replication group's changed inputs")
}

func TestDevNATGatewayPerZoneAddsOneNATGateway(t *testing.T) {
	// dev has two zones and one NAT gateway; perAz adds the second zone's gateway and its Elastic IP.
	rep := compareWith(t, "dev", "perAz", "ip-platform:network", "natGateways")
	nat := priceOf(t, "vpc.nat.hour") * 730
	eip := priceOf(t, "vpc.public-ipv4.hour") * 730
	assert.InDelta(t, nat+eip, componentDelta(rep, "ip-platform:network:Vpc ip-platform-dev"), 0.011,
		"one NAT gateway for 730 hours, and the public IPv4 address it needs (the assumed traffic is the same, spread over two)")
	var added []string
	for _, a := range rep.Plan.Added {
		added = append(added, a.Type)
	}
	assert.Contains(t, added, "aws:ec2/natGateway:NatGateway")
	assert.Contains(t, added, "aws:ec2/eip:Eip")
}

func TestDiffOfEachStackAgainstItsOwnJSONReportsNoChange(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			code, out, stderr := runPlan("--stack", stack, "--json")
			require.Equal(t, plan.ExitOK, code, stderr)
			base := filepath.Join(t.TempDir(), "base.json")
			require.NoError(t, os.WriteFile(base, []byte(out), 0o600))

			code, out, stderr = runPlan("--stack", stack, "--diff", base, "--json")
			require.Equal(t, plan.ExitOK, code, stderr)
			var rep plan.Report
			require.NoError(t, json.Unmarshal([]byte(out), &rep))
			assert.True(t, rep.Plan.Empty(), "a plan against its own --json must show no change: %+v", rep.Plan)
			assert.Zero(t, rep.Cost.Delta)
			assert.Empty(t, rep.Cost.Components)

			code, out, _ = runPlan("--stack", stack, "--diff", base)
			require.Equal(t, plan.ExitOK, code)
			assert.Contains(t, out, "0 to add, 0 to remove, 0 to change\n  no change")
		})
	}
}

func TestEveryStackIsPricedWithItsAssumptionsAndAnExplainedNotPricedList(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			est, err := plan.Estimate(planStack(t, stack))
			require.NoError(t, err)
			assert.Greater(t, est.TotalUSD, 100.0, "a stack with a cluster, nodes and a database costs something")
			assert.NotEmpty(t, est.Assumptions)
			for _, u := range est.NotPriced {
				assert.NotEmpty(t, u.Reason, "%s %s is not priced: say why", u.Type, u.Name)
				assert.NotContains(t, u.Reason, "no price rule for this resource type",
					"%s is a type the program creates: give it a price rule or a reason", u.Type)
			}
			for _, it := range est.Items {
				assert.Greater(t, it.Monthly, 0.0, "%s %s", it.Name, it.Dimension)
			}
		})
	}
}

func TestCostJSONIsTheSameEstimateAsData(t *testing.T) {
	code, out, stderr := runPlan("--stack", "prod", "--cost", "--json")
	require.Equal(t, plan.ExitOK, code, stderr)
	var doc struct {
		Stack      string               `json:"stack"`
		TotalUSD   float64              `json:"totalUsd"`
		Components []cost.ComponentCost `json:"components"`
		NotPriced  []cost.Unpriced      `json:"notPriced"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	est, err := plan.Estimate(planStack(t, "prod"))
	require.NoError(t, err)
	assert.Equal(t, "prod", doc.Stack)
	assert.Equal(t, est.TotalUSD, doc.TotalUSD)
	assert.Equal(t, est.ByComponent(), doc.Components)

	code, text, _ := runPlan("--stack", "prod", "--cost")
	require.Equal(t, plan.ExitOK, code)
	assert.True(t, strings.HasPrefix(text, "Monthly cost estimate of ip-platform/prod: USD, us-east-1, 730 h/month"), text[:120])
	assert.Contains(t, text, "Not priced (")
	assert.Contains(t, text, "Assumptions (internal/cost/assumptions.yaml, stack prod)")
}

// BenchmarkPriceAndDiffProd prices the prod plan and diffs it against a changed copy: the work a
// pull request's report does per stack, the program's own run under mocks excluded.
func BenchmarkPriceAndDiffProd(b *testing.B) {
	base := plan.CostResources(planStack(b, "prod"))
	head := make([]cost.Resource, len(base))
	copy(head, base)
	for i, r := range head {
		if r.Type == "aws:elasticache/replicationGroup:ReplicationGroup" {
			inputs := map[string]any{}
			for k, v := range r.Inputs {
				inputs[k] = v
			}
			inputs["numCacheClusters"] = 5.0
			head[i].Inputs = inputs
		}
	}
	b.ResetTimer()
	for b.Loop() {
		rep, err := plan.Compare(base, head, "prod", "us-east-1")
		if err != nil || rep.Cost.Delta <= 0 {
			b.Fatalf("compare: %v, delta %v", err, rep)
		}
	}
}
