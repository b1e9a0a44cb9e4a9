package cost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryPriceEntryIsSourcedAndDated(t *testing.T) {
	p, err := LoadPrices()
	require.NoError(t, err)
	assert.Equal(t, "us-east-1", p.Region, "the stacks run in us-east-1 (Pulumi.*.yaml)")
	for _, e := range p.Entries {
		assert.True(t, strings.HasPrefix(e.Source, "http") || strings.Contains(e.Source, "github") || strings.Contains(e.Source, "GitHub"),
			"%s: the source must say where the figure was read, got %q", e.Key, e.Source)
		assert.Equal(t, "2026-12-02", e.Read, "%s: the date the figure was read", e.Key)
		assert.NotEmpty(t, e.Note, "%s: the note says what the page states, or that the figure is derived", e.Key)
	}
}

func TestParsePricesRefusesAnUnsourcedFigure(t *testing.T) {
	_, err := ParsePrices([]byte(`{"region":"us-east-1","entries":[{"key":"x","unit":"hour","usd":1}]}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "x needs a source")
	_, err = ParsePrices([]byte(`{"entries":[{"key":"x","unit":"hour","usd":1,"source":"s"},{"key":"x","unit":"hour","usd":1,"source":"s"}]}`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "listed twice")
}

func TestEveryAssumptionIsSetForEveryStack(t *testing.T) {
	for _, stack := range []string{"dev", "staging", "prod"} {
		a, err := LoadAssumptions(stack)
		require.NoError(t, err, stack)
		for _, name := range assumptionNames {
			require.Contains(t, a, name, "%s: the pricers read %s", stack, name)
			assert.NotEmpty(t, a[name].Description, "%s: say what %s stands for", stack, name)
		}
		assert.Len(t, a, len(assumptionNames), "%s: every assumption in the file is read by a pricer", stack)
	}
	_, err := ParseAssumptions([]byte("natProcessedGb: {description: d, dev: 1}\n"), "prod")
	require.Error(t, err, "a stack without a value must not be priced on a silent zero")
	assert.Contains(t, err.Error(), `natProcessedGb has no value for stack "prod"`)
}
