//go:build e2e

package e2e

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The chart asserts decide what passes against a real API server; these cases pin down how they
// read what they read, without a control plane.

func TestWiredEndpointsFindsInClusterAddressesOnly(t *testing.T) {
	texts := []string{
		`{"endpoint":"http://otel-collector.observability.svc.cluster.local:4317"}`,
		`url: http://kps-prometheus.observability:9090/`,
		`resolver kube-dns.kube-system.svc.cluster.local.;`,
		`"https://loki-gateway.observability.svc"`,
		// A public name whose second label is not a namespace of the cluster.
		`https://grafana.example:443/ and http://charts.example.com/`,
	}
	got := wiredEndpoints(texts, map[string]bool{"observability": true, "kube-system": true})
	assert.Equal(t, []wiredEndpoint{
		{Service: "kps-prometheus", Namespace: "observability", Port: 9090},
		{Service: "kube-dns", Namespace: "kube-system"},
		{Service: "loki-gateway", Namespace: "observability", Port: 443},
		{Service: "otel-collector", Namespace: "observability", Port: 4317},
	}, got)
}

func TestPrometheusSelectionFollowsTheOperatorsNilAndEmptyRules(t *testing.T) {
	var p prometheusSelection
	p.Metadata.Namespace = "observability"
	p.Spec.ServiceMonitorSelector = &labelSelector{MatchLabels: map[string]string{"release": "kps"}}
	// A nil namespace selector: only the Prometheus's own namespace.
	assert.True(t, p.selects("ServiceMonitor", "observability", nil, map[string]string{"release": "kps"}))
	assert.False(t, p.selects("ServiceMonitor", "trademark", nil, map[string]string{"release": "kps"}))
	assert.False(t, p.selects("ServiceMonitor", "observability", nil, map[string]string{"release": "other"}))
	// An empty namespace selector: every namespace.
	p.Spec.ServiceMonitorNamespaceSelector = &labelSelector{}
	assert.True(t, p.selects("ServiceMonitor", "trademark", nil, map[string]string{"release": "kps"}))
	// A nil object selector selects nothing.
	assert.False(t, p.selects("PodMonitor", "observability", nil, map[string]string{"release": "kps"}))
}

func TestLabelSelectorExpressions(t *testing.T) {
	s := &labelSelector{}
	s.MatchExpressions = append(s.MatchExpressions,
		struct {
			Key      string   `json:"key"`
			Operator string   `json:"operator"`
			Values   []string `json:"values"`
		}{Key: "tier", Operator: "In", Values: []string{"api", "web"}},
		struct {
			Key      string   `json:"key"`
			Operator string   `json:"operator"`
			Values   []string `json:"values"`
		}{Key: "legacy", Operator: "DoesNotExist"},
	)
	assert.True(t, s.matches(map[string]string{"tier": "api"}))
	assert.False(t, s.matches(map[string]string{"tier": "db"}))
	assert.False(t, s.matches(map[string]string{"tier": "web", "legacy": "yes"}))
	var none *labelSelector
	assert.False(t, none.matches(map[string]string{"tier": "api"}))
}

func TestRolloutProblemsNamesWorkloadsShortOfReadyPods(t *testing.T) {
	objects := []chartObject{
		{kubeObject: kubeObject{Kind: "Deployment", Namespace: "observability", Name: "grafana"}, Release: "kps",
			Body: map[string]any{"spec": map[string]any{"replicas": 2.0}, "status": map[string]any{"readyReplicas": 1.0}}},
		{kubeObject: kubeObject{Kind: "DaemonSet", Namespace: "observability", Name: "otel-logs"}, Release: "otel-logs",
			Body: map[string]any{"status": map[string]any{"desiredNumberScheduled": 0.0}}},
		{kubeObject: kubeObject{Kind: "StatefulSet", Namespace: "observability", Name: "loki"}, Release: "loki",
			Body: map[string]any{"spec": map[string]any{"replicas": 1.0}, "status": map[string]any{"readyReplicas": 1.0}}},
		{kubeObject: kubeObject{Kind: "ConfigMap", Namespace: "observability", Name: "x"}, Release: "loki"},
	}
	problems, workloads := rolloutProblems(objects)
	require.Len(t, problems, 2)
	assert.Contains(t, problems[0], "DaemonSet observability/otel-logs (release otel-logs) schedules no pod")
	assert.Contains(t, problems[1], "Deployment observability/grafana (release kps): 1 of 2 pods ready")
	assert.Equal(t, 2, workloads, "the DaemonSet that schedules nothing is a problem, not a workload that rolled out")
}
