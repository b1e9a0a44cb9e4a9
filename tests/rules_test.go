package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/plan"
	"github.com/ip-platform/infra/internal/platform"
)

// Every PrometheusRule of every stack is exported for promtool with cases for each of its
// alerts, and the exported rule file is the object's spec.
func TestEveryPrometheusRuleIsExportedWithItsCases(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			dir := t.TempDir()
			written, err := plan.ExportRules(dir, r, platform.RuleFiles(stackConfig(t, stack)))
			require.NoError(t, err)
			rules := ofType(r, prometheusRuleType)
			assert.Len(t, written, 2*len(rules), "a rule file and a test file per PrometheusRule")
			var burn int
			for _, pr := range rules {
				name := pr.Input("metadata.name").(string)
				var spec map[string]any
				body, err := os.ReadFile(filepath.Join(dir, name+".rules.yaml"))
				require.NoError(t, err)
				require.NoError(t, json.Unmarshal(body, &spec))
				assert.Equal(t, pr.Input("spec"), spec, "%s.rules.yaml is the planned spec", name)
				for _, g := range spec["groups"].([]any) {
					for _, rule := range g.(map[string]any)["rules"].([]any) {
						if labels, _ := rule.(map[string]any)["labels"].(map[string]any); labels["slo"] != nil {
							burn++
						}
					}
				}
			}
			assert.Equal(t, 4*len(config.ServiceNames()), burn, "availability and latency burn-rate alerts, page and ticket, per service")
		})
	}
}

func TestExportRefusesAPrometheusRuleWithoutCases(t *testing.T) {
	r := planStack(t, "dev")
	files := platform.RuleFiles(stackConfig(t, "dev"))
	_, err := plan.ExportRules(t.TempDir(), r, files[1:])
	require.Error(t, err)
	assert.Contains(t, err.Error(), "PrometheusRule "+files[0].Name+" ")
	files[0].Groups[0].Rules[0].Cases = nil
	_, err = plan.ExportRules(t.TempDir(), r, files)
	require.Error(t, err)
	assert.Contains(t, err.Error(), files[0].Groups[0].Rules[0].Alert+" needs a case where it fires")
}

func TestConfigAndObservabilityAgreeOnTheLatencyBuckets(t *testing.T) {
	assert.Equal(t, observability.LatencyBuckets, config.LatencyBuckets(), "a threshold the config accepts must be one the rules can read")
}
