package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/budget"
	"github.com/ip-platform/infra/internal/cost"
)

func budgetRecord(monthly any) Resource {
	return Resource{Type: budget.Type, URN: "urn:budget", Name: "ip-platform-prod-budget", Properties: props(map[string]any{
		budget.PropMonthlyUSD: monthly, budget.PropRegion: "us-east-1", budget.PropStack: "prod",
	})}
}

// threeCacheNodes is one resource whose price is known by hand: three cache.m7g.large nodes.
func threeCacheNodes() Resource {
	return Resource{Type: "aws:elasticache/replicationGroup:ReplicationGroup", URN: "urn:redis", Name: "ip-platform-prod-redis",
		Properties: props(map[string]any{"nodeType": "cache.m7g.large", "numCacheClusters": 3, "engine": "valkey"})}
}

func cacheNodesMonthly(t *testing.T) float64 {
	t.Helper()
	p, err := cost.LoadPrices()
	require.NoError(t, err)
	e, ok := p.Lookup("elasticache.cache.m7g.large")
	require.True(t, ok)
	return 3 * e.USD * cost.HoursPerMonth
}

func TestMonthlyBudgetFiresJustOverAndNotJustUnder(t *testing.T) {
	monthly := cacheNodesMonthly(t) // 3 x $0.149 x 730 = $326.31
	under := MonthlyBudget([]Resource{budgetRecord(float64(int(monthly) + 1)), threeCacheNodes()})
	assert.Empty(t, under, "a budget a dollar above the estimate passes")

	over := MonthlyBudget([]Resource{budgetRecord(float64(int(monthly))), threeCacheNodes()})
	require.Len(t, over, 1, "a budget below the estimate by cents fails")
	assert.Equal(t, "urn:budget", over[0].URN, "reported on the budget component")
	assert.Contains(t, over[0].Message, "the estimated cost is $326.31 a month, over the budget of $326")
	assert.Contains(t, over[0].Message, "ip-platform:budget.monthlyUsd", "names the key to change")
	assert.Contains(t, over[0].Message, "ip-platform-prod-redis (elasticache.cache.m7g.large) $326.31", "names the largest item")
}

func TestMonthlyBudgetNamesTheThreeLargestItemsMostExpensiveFirst(t *testing.T) {
	alarm := func(name string) Resource {
		return Resource{Type: "aws:cloudwatch/metricAlarm:MetricAlarm", URN: "urn:" + name, Name: name}
	}
	resources := []Resource{budgetRecord(1.0), alarm("alarm-a"), threeCacheNodes(), alarm("alarm-b"), alarm("alarm-c")}
	found := MonthlyBudget(resources)
	require.Len(t, found, 1)
	msg := found[0].Message
	assert.Contains(t, msg, "largest items: aws:elasticache/replicationGroup:ReplicationGroup ip-platform-prod-redis")
	assert.Contains(t, msg, "alarm-a (cloudwatch.alarm) $0.10; aws:cloudwatch/metricAlarm:MetricAlarm alarm-b")
	assert.NotContains(t, msg, "alarm-c", "three items, no more")
}

func TestMonthlyBudgetJudgesOnlyStacksThatRecordOne(t *testing.T) {
	assert.Empty(t, MonthlyBudget([]Resource{threeCacheNodes()}), "no budget component: nothing to judge")
	found := MonthlyBudget([]Resource{budgetRecord(unknownValue{}), threeCacheNodes()})
	require.Len(t, found, 1, "a budget that is not known at preview is reported, not read as zero")
	assert.Contains(t, found[0].Message, "must record monthlyUsd, region and assumptionsStack as known values")
}

func TestMonthlyBudgetIsMandatoryInProdAndAdvisoryElsewhere(t *testing.T) {
	resources := []Resource{budgetRecord(10.0), threeCacheNodes()}
	prod, other := MonthlyBudgetProdPolicy(), MonthlyBudgetPolicy()
	assert.Equal(t, "mandatory", EnforcementName(prod.Enforcement))
	assert.Equal(t, "advisory", EnforcementName(other.Enforcement))

	assert.Len(t, prod.CheckStack(resources, "prod"), 1)
	assert.Empty(t, other.CheckStack(resources, "prod"), "prod is judged once, by the mandatory policy")
	assert.Empty(t, prod.CheckStack(resources, "staging"))
	assert.Len(t, other.CheckStack(resources, "staging"), 1)
	assert.Len(t, other.CheckStack(resources, "dev"), 1)
}
