package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/apitests"
	"github.com/ip-platform/infra/internal/plan"
)

// testJobs are the plan's load test and scan Jobs, by component.
func testJobs(r *plan.Result) map[string][]string {
	out := map[string][]string{}
	for _, job := range ofType(r, "kubernetes:batch/v1:Job") {
		labels, _ := job.Input("metadata.labels").(map[string]any)
		if c, ok := labels[apitests.LabelComponent].(string); ok {
			out[c] = append(out[c], job.Input("metadata.name").(string))
		}
	}
	return out
}

// Issue 18: the load test and the security scan run in staging, from the stack file's run ids,
// against the API's public name; prod and dev run neither, and only staging's Prometheus takes
// remote writes.
func TestStagingRunsBothTestsAndTheOtherStacksNeither(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			cfg := stackConfig(t, stack)
			jobs := testJobs(r)
			kps := observabilityRelease(t, r, "kube-prometheus-stack")
			receiver := kps.Input("values.prometheus.prometheusSpec.enableRemoteWriteReceiver")
			if stack != "staging" {
				assert.Empty(t, jobs, "%s runs no load test and no scan", stack)
				assert.Nil(t, receiver, "%s's Prometheus takes no remote writes", stack)
				return
			}
			assert.Equal(t, map[string][]string{
				apitests.ComponentLoadTest:     {"k6-" + cfg.LoadTest.RunID},
				apitests.ComponentSecurityScan: {"zap-" + cfg.SecurityScan.RunID},
			}, jobs)
			assert.Equal(t, true, receiver, "the load test writes its results to Prometheus")

			var script string
			for _, cm := range ofType(r, "kubernetes:core/v1:ConfigMap") {
				if strings.HasPrefix(cm.Input("metadata.name").(string), "k6-script-") {
					script = cm.Input("data").(map[string]any)["load-test.js"].(string)
				}
			}
			require.NotEmpty(t, script, "the run's script")
			assert.Contains(t, script, `"https://`+cfg.Gateway.Domain+`"`, "the tests call the API's public name, through the edge users hit")
			for _, svc := range cfg.Services {
				assert.Contains(t, script, `"http_req_duration{scenario:`+svc.Name+`}"`, "a scenario and thresholds per service")
			}
		})
	}
}

func TestScanReportsBucketAndAlertExistOnlyWithTheScan(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			var buckets, rules []string
			for _, b := range ofType(r, "aws:s3/bucketV2:BucketV2") {
				if strings.Contains(b.Name, "scan-reports") {
					buckets = append(buckets, b.Name)
				}
			}
			for _, pr := range ofType(r, "kubernetes:monitoring.coreos.com/v1:PrometheusRule") {
				rules = append(rules, pr.Input("metadata.name").(string))
			}
			if stack == "staging" {
				assert.Equal(t, []string{"ip-platform-staging-scan-reports"}, buckets)
				assert.True(t, slices.Contains(rules, apitests.RuleFileName), "the failed-test alerts")
				return
			}
			assert.Empty(t, buckets)
			assert.False(t, slices.Contains(rules, apitests.RuleFileName))
		})
	}
}
