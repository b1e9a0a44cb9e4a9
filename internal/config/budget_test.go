package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBudgetIsReadAndAnEmptyBlockMeansNone(t *testing.T) {
	cases := []struct {
		name  string
		value string
		want  Budget
	}{
		{"unset", "<unset>", Budget{}},
		{"empty object, Pulumi.yaml's default", `{}`, Budget{}},
		{"set", `{"monthlyUsd":2500}`, Budget{MonthlyUSD: 2500}},
		{"upper bound", `{"monthlyUsd":10000000}`, Budget{MonthlyUSD: 10_000_000}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parse(with(validProd(), map[string]string{"ip-platform:budget": tc.value}))
			require.NoError(t, err)
			assert.Equal(t, tc.want, cfg.Budget)
		})
	}
}

func TestParseRejectsABadBudgetNamingTheKey(t *testing.T) {
	cases := []struct {
		name, value, key, allowed string
	}{
		{"no amount", `{"currency":"USD"}`, "ip-platform:budget.monthlyUsd", "is required when budget is set"},
		{"misspelt field", `{"monthlyUsd":10,"monthly":10}`, "ip-platform:budget.monthly", "not a known key; allowed: monthlyUsd"},
		{"zero", `{"monthlyUsd":0}`, "ip-platform:budget.monthlyUsd", "from 1 to 10000000"},
		{"negative", `{"monthlyUsd":-5}`, "ip-platform:budget.monthlyUsd", "from 1 to 10000000"},
		{"an extra zero too many", `{"monthlyUsd":100000000}`, "ip-platform:budget.monthlyUsd", "from 1 to 10000000"},
		{"cents", `{"monthlyUsd":99.5}`, "ip-platform:budget.monthlyUsd", "whole number"},
		{"a string", `{"monthlyUsd":"2500"}`, "ip-platform:budget.monthlyUsd", "whole number"},
		{"not an object", `2500`, "ip-platform:budget", "must be an object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parse(with(validProd(), map[string]string{"ip-platform:budget": tc.value}))
			require.Error(t, err, "a budget of %s must not parse", tc.value)
			assert.Nil(t, cfg)
			assert.Contains(t, err.Error(), tc.key+" ", "the message must name the key path")
			assert.Contains(t, err.Error(), tc.allowed, "the message must say what is allowed")
		})
	}
}
