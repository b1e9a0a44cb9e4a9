package observability

import (
	"fmt"

	"github.com/ip-platform/infra/internal/promrules"
)

// Metric names the service rules and dashboards read. The services are instrumented with
// OpenTelemetry: the stable HTTP server semantic conventions export, in Prometheus form, a
// histogram http_server_request_duration_seconds with the label http_response_status_code.
// Container metrics come from the kubelet (cAdvisor) and kube-state-metrics, both scraped by
// kube-prometheus-stack.
const (
	metricRequestDuration = "http_server_request_duration_seconds"
	labelStatusCode       = "http_response_status_code"
)

// Thresholds of the service alerts.
const (
	errorRatioWarning  = 0.01 // 1% of requests failing with 5xx
	errorRatioCritical = 0.05
	p99LatencySeconds  = 1.0
	restartsIn15m      = 3
	throttledRatio     = 0.25 // a quarter of CFS periods throttled: the CPU limit is too low
	memoryOfLimit      = 0.90 // the OOM killer acts at the limit
)

// Rule is one Prometheus alerting rule with its promtool cases (internal/promrules).
type Rule = promrules.Rule

// RuleGroup is a named group of rules evaluated together.
type RuleGroup = promrules.Group

// rule builds an alert. Its cases (the input series that must fire it and those that must not)
// are attached by the caller from the *cases.go file beside the rules.
func rule(alert, expr, forDuration, severity, summary, description string, cases ...promrules.Case) Rule {
	return Rule{
		Alert: alert, Expr: expr, For: forDuration,
		Labels:      map[string]string{"severity": severity},
		Annotations: map[string]string{"summary": summary, "description": description},
		Cases:       cases,
	}
}

// serviceRules are the alerts of one service: absent or down, 5xx ratio, p99 latency, restarts,
// CPU throttling and memory near its limit, then its objectives' burn-rate alerts (slo.go).
func serviceRules(t ScrapeTarget) RuleGroup {
	c := newServiceCases(t)
	sel := fmt.Sprintf(`namespace=%q`, t.Namespace)
	pods := fmt.Sprintf(`namespace=%q, pod=~"%s-.*", container=%q`, t.Namespace, t.Name, t.Name)
	requests := fmt.Sprintf(`sum(rate(%s_count{%s}[5m]))`, metricRequestDuration, sel)
	errors := fmt.Sprintf(`sum(rate(%s_count{%s, %s=~"5.."}[5m]))`, metricRequestDuration, sel, labelStatusCode)
	ratio := fmt.Sprintf("(%s / %s)", errors, requests)
	name := pascal(t.Name)
	rules := []Rule{
		// job is the pod's name label (the PodMonitor's jobLabel), one target per pod.
		rule(name+"Down", fmt.Sprintf(`absent(up{%s, job=%q} == 1)`, sel, t.Name), "5m", severityCritical,
			t.Name+" has no healthy scrape target",
			fmt.Sprintf("No %s pod has answered on %s%s (port %d) for 5 minutes: the service is down or not running.", t.Name, t.PortName, t.Path, t.Port),
			c.down()...),
		rule(name+"HighErrorRatio", fmt.Sprintf("%s > %g", ratio, errorRatioCritical), "5m", severityCritical,
			t.Name+" is failing requests",
			fmt.Sprintf("More than %g%% of %s requests end in a 5xx: {{ $value | humanizePercentage }}.", errorRatioCritical*100, t.Name),
			c.highErrorRatio()...),
		rule(name+"ElevatedErrorRatio", fmt.Sprintf("%s > %g", ratio, errorRatioWarning), "15m", severityWarning,
			t.Name+" is returning 5xx",
			fmt.Sprintf("More than %g%% of %s requests end in a 5xx: {{ $value | humanizePercentage }}.", errorRatioWarning*100, t.Name),
			c.elevatedErrorRatio()...),
		rule(name+"HighLatencyP99", fmt.Sprintf(`histogram_quantile(0.99, sum by (le) (rate(%s_bucket{%s}[5m]))) > %g`, metricRequestDuration, sel, p99LatencySeconds), "10m", severityWarning,
			t.Name+" is slow",
			fmt.Sprintf("The 99th percentile of %s request duration is {{ $value | humanizeDuration }}, above %gs.", t.Name, p99LatencySeconds),
			c.highLatency()...),
		rule(name+"Restarting", fmt.Sprintf(`sum by (pod) (increase(kube_pod_container_status_restarts_total{%s}[15m])) > %d`, pods, restartsIn15m), "", severityWarning,
			t.Name+" pods are restarting",
			fmt.Sprintf("Pod {{ $labels.pod }} restarted more than %d times in 15 minutes (crash loop or failing liveness probe).", restartsIn15m),
			c.restarting()...),
		rule(name+"CPUThrottled", fmt.Sprintf(`sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{%s}[5m])) / sum by (pod) (rate(container_cpu_cfs_periods_total{%s}[5m])) > %g`, pods, pods, throttledRatio), "15m", severityWarning,
			t.Name+" is CPU throttled",
			fmt.Sprintf("Pod {{ $labels.pod }} is throttled in {{ $value | humanizePercentage }} of CPU periods; its limit is %s.", t.CPULimit),
			c.cpuThrottled()...),
		rule(name+"MemoryNearLimit", fmt.Sprintf(`max by (pod) (container_memory_working_set_bytes{%s}) / max by (pod) (kube_pod_container_resource_limits{%s, resource="memory"}) > %g`, pods, pods, memoryOfLimit), "10m", severityWarning,
			t.Name+" is close to its memory limit",
			fmt.Sprintf("Pod {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its %s memory limit; at the limit it is OOM-killed.", t.MemoryLimit),
			c.memoryNearLimit()...),
	}
	return RuleGroup{Name: t.Name, Rules: append(rules, sloRules(t)...)}
}

// platformRules are the cluster-wide alerts: a node not ready, a volume filling, an HPA pinned at
// its maximum.
func platformRules() RuleGroup {
	return RuleGroup{Name: "platform", Rules: []Rule{
		rule("PlatformNodeNotReady", `kube_node_status_condition{condition="Ready", status="true"} == 0`, "5m", severityCritical,
			"A node is not ready",
			"Node {{ $labels.node }} has not been Ready for 5 minutes; its pods are being evicted.",
			nodeNotReadyCases()...),
		rule("PlatformVolumeFillingUp", `kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.10`, "10m", severityWarning,
			"A persistent volume is almost full",
			"Volume {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} has {{ $value | humanizePercentage }} free.",
			volumeFillingUpCases()...),
		rule("PlatformVolumeFull", `kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.03`, "5m", severityCritical,
			"A persistent volume is full",
			"Volume {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} has {{ $value | humanizePercentage }} free: writes are about to fail.",
			volumeFullCases()...),
		rule("PlatformHpaAtMax", `kube_horizontalpodautoscaler_status_current_replicas >= kube_horizontalpodautoscaler_spec_max_replicas`, "15m", severityWarning,
			"An autoscaler is at its maximum",
			"HPA {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} has run at its maximum replicas for 15 minutes: demand exceeds what it may scale to.",
			hpaAtMaxCases()...),
	}}
}

// pascal turns "trademark" into "Trademark" and "ip-search" into "IpSearch" for alert names.
func pascal(s string) string {
	out := make([]byte, 0, len(s))
	upper := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '-' {
			upper = true
			continue
		}
		if upper && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		upper = false
		out = append(out, c)
	}
	return string(out)
}
