package apitests

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/helmvalues"
	"github.com/ip-platform/infra/internal/promrules"
)

// RuleFileName is the PrometheusRule's name, and its rule file's in `go run ./cmd/plan --rules`.
const RuleFileName = "api-tests"

// jobFailed is kube-state-metrics' count of a Job's failed pods, by Job; a Job that crossed its
// deadline counts as failed too (reason DeadlineExceeded).
func jobFailed(namespace, prefix string) string {
	return fmt.Sprintf(`max by (namespace, job_name) (kube_job_status_failed{namespace=%q, job_name=~"%s-.+"}) > 0`, namespace, prefix)
}

// RuleGroup alerts on a failed scan or load test in namespace: a warning (a ticket, not a page),
// because staging's users are the platform's engineers, and the run's record (the report, the
// dashboard) says what to look at.
func RuleGroup(namespace string) promrules.Group {
	return promrules.Group{Name: RuleFileName, Rules: []promrules.Rule{
		{
			Alert:  "SecurityScanFailed",
			Expr:   jobFailed(namespace, "zap"),
			Labels: map[string]string{"severity": "warning"},
			Annotations: map[string]string{
				"summary":     "The API's ZAP baseline scan {{ $labels.job_name }} failed",
				"description": "The Job {{ $labels.namespace }}/{{ $labels.job_name }} failed: ZAP reported a FAIL (or a WARN with securityScan.failOn warn), the scan itself failed, or its report could not be uploaded. The report is in the scan report bucket under the run id; docs/runbooks/staging-tests.md.",
			},
			Cases: jobFailedCases(namespace, "zap", "k6"),
		},
		{
			Alert:  "LoadTestFailed",
			Expr:   jobFailed(namespace, "k6"),
			Labels: map[string]string{"severity": "warning"},
			Annotations: map[string]string{
				"summary":     "The API's load test {{ $labels.job_name }} crossed a threshold or failed",
				"description": "The Job {{ $labels.namespace }}/{{ $labels.job_name }} failed: k6 crossed a latency or error-ratio threshold, or did not finish before its deadline. Compare the run on the Load tests dashboard; docs/runbooks/staging-tests.md.",
			},
			Cases: jobFailedCases(namespace, "k6", "zap"),
		},
	}}
}

// RuleFile is the PrometheusRule NewSuite creates, with its promtool cases.
func RuleFile(namespace string) promrules.File {
	return promrules.File{Name: RuleFileName, Groups: []promrules.Group{RuleGroup(namespace)}}
}

// jobFailedCases: a failed Job of the prefix fires, with its name; a Job that succeeded, a failed
// Job of the other test and a failed Job of the prefix in another namespace do not.
func jobFailedCases(namespace, prefix, other string) []promrules.Case {
	failed := func(ns, job, values string) promrules.Series {
		return promrules.S(fmt.Sprintf(`kube_job_status_failed{namespace=%q, job_name=%q, reason="BackoffLimitExceeded"}`, ns, job), values)
	}
	job := prefix + "-2026-12-02-1"
	return []promrules.Case{
		promrules.Fire("the run's Job failed", "5m", map[string]string{"namespace": namespace, "job_name": job}, "", failed(namespace, job, "0 0 1x8")),
		promrules.Quiet("the run's Job succeeded", "5m", failed(namespace, job, "0x10")),
		promrules.Quiet("the other test's Job failed", "5m", failed(namespace, other+"-2026-12-02-1", "1x10")),
		promrules.Quiet("a Job named like it failed in another namespace", "5m", failed("db-bootstrap", job, "1x10")),
	}
}

// alertRule creates the PrometheusRule, after the CRD.
func (o objects) alertRule() error {
	spec, err := helmvalues.ToMap(map[string]any{"groups": []promrules.Group{RuleGroup(o.a.Namespace)}})
	if err != nil {
		return fmt.Errorf("alert rules: %w", err)
	}
	if _, err := apiextensions.NewCustomResource(o.ctx, o.name+"-rules", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String("monitoring.coreos.com/v1"),
		Kind:        pulumi.String("PrometheusRule"),
		Metadata:    o.meta(RuleFileName, map[string]string{labelPartOf: partOf}),
		OtherFields: map[string]any{"spec": spec},
	}, o.parent, pulumi.DependsOn(o.a.After)); err != nil {
		return fmt.Errorf("alert rules: %w", err)
	}
	return nil
}
