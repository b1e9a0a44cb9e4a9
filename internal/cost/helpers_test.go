package cost

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const testStack = "prod"

func res(typ, name string, inputs map[string]any) Resource {
	return Resource{URN: "urn:pulumi:prod::ip-platform::" + typ + "::" + name, Type: typ, Name: name, Inputs: inputs}
}

func estimate(t *testing.T, resources ...Resource) *Estimate {
	t.Helper()
	p, err := LoadPrices()
	require.NoError(t, err)
	a, err := LoadAssumptions(testStack)
	require.NoError(t, err)
	return Compute(resources, testStack, "us-east-1", p, a)
}

func price(t *testing.T, key string) float64 {
	t.Helper()
	p, err := LoadPrices()
	require.NoError(t, err)
	e, ok := p.Lookup(key)
	require.True(t, ok, "price entry %s", key)
	return e.USD
}

func assumed(t *testing.T, name string) float64 {
	t.Helper()
	a, err := LoadAssumptions(testStack)
	require.NoError(t, err)
	return a.Value(name)
}

// monthly sums the items of one dimension.
func monthly(e *Estimate, dimension string) float64 {
	total := 0.0
	for _, it := range e.Items {
		if it.Dimension == dimension {
			total += it.Monthly
		}
	}
	return total
}
