package promrules

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenderExpandsLabelsAndValue(t *testing.T) {
	for _, tc := range []struct{ tmpl, want string }{
		{"Pod {{ $labels.pod }} restarted", "Pod web-1 restarted"},
		{"ratio: {{ $value | humanizePercentage }}.", "ratio: 10%."},
		{"{{$value}} at {{$labels.pod}}", "10% at web-1"},
		{"missing {{ $labels.node }}", "missing "},
		{"kept {{ printf \"%d\" 1 }}", "kept {{ printf \"%d\" 1 }}"},
	} {
		assert.Equal(t, tc.want, render(tc.tmpl, map[string]string{"pod": "web-1"}, "10%"), tc.tmpl)
	}
}

func TestTestsExpectTheRuleLabelsAndRenderedAnnotations(t *testing.T) {
	r := Rule{
		Alert: "WebRestarting", Expr: "x > 3",
		Labels:      map[string]string{"severity": "warning"},
		Annotations: map[string]string{"description": "Pod {{ $labels.pod }}: {{ $value }}"},
		Cases: []Case{
			Fire("restarts", "20m", map[string]string{"pod": "web-1"}, "15", S(`x{pod="web-1"}`, "0+1x20")),
			Quiet("calm", "20m", S(`x{pod="web-1"}`, "0x20")),
		},
	}
	f := Tests("web.rules.yaml", []Group{{Name: "web", Rules: []Rule{r}}})
	require.Len(t, f.Tests, 2, "one promtool test group per case")
	assert.Equal(t, []string{"web.rules.yaml"}, f.RuleFiles)
	fire := f.Tests[0].AlertRuleTest[0]
	assert.Equal(t, "WebRestarting", fire.Alertname)
	require.Len(t, fire.ExpAlerts, 1)
	assert.Equal(t, map[string]string{"severity": "warning", "pod": "web-1"}, fire.ExpAlerts[0].ExpLabels)
	assert.Equal(t, "Pod web-1: 15", fire.ExpAlerts[0].ExpAnnotations["description"])
	assert.Empty(t, f.Tests[1].AlertRuleTest[0].ExpAlerts, "a quiet case expects no alert")
	assert.Equal(t, "1m", f.Tests[0].Interval, "the default sample interval")
}

func TestUncoveredNamesAlertsWithoutBothKindsOfCase(t *testing.T) {
	fire := Fire("f", "5m", nil, "", S("x", "1"))
	quiet := Quiet("q", "5m", S("x", "0"))
	groups := []Group{{Name: "g", Rules: []Rule{
		{Alert: "Both", Cases: []Case{fire, quiet}},
		{Alert: "OnlyFires", Cases: []Case{fire}},
		{Alert: "OnlyQuiet", Cases: []Case{quiet}},
		{Alert: "None"},
	}}}
	assert.Equal(t, []string{
		"g/OnlyFires needs a case where it must not fire",
		"g/OnlyQuiet needs a case where it fires",
		"g/None needs a case where it fires and a case where it must not fire",
	}, Uncovered(groups))
}

func TestHumanizePercentageMatchesPrometheus(t *testing.T) {
	for ratio, want := range map[float64]string{0.1: "10%", 0.02: "2%", 0.0004: "40m%", 0.95: "95%", 1 - 0.8: "20%", 0: "0%"} {
		assert.Equal(t, want, HumanizePercentage(ratio), "%g", ratio)
	}
}
