package observability

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const namespaceType = "kubernetes:core/v1:Namespace"

func TestNamespacesEnforceTheirPodSecurityLevel(t *testing.T) {
	m := run(t, devArgs())
	cases := []struct {
		logical, name, enforce string
	}{
		{"obs-namespace", Namespace, "restricted"},
		{"obs-agents-namespace", AgentsNamespace, "privileged"},
	}
	require.Len(t, m.OfType(namespaceType), len(cases), "the stack and its node agents, nothing else")
	for _, tc := range cases {
		ns := offlinetest.Must(t, m, namespaceType, tc.logical)
		assert.Equal(t, tc.name, ns.Input("metadata.name"))
		assert.Equal(t, tc.enforce, ns.Input(`metadata.labels["pod-security.kubernetes.io/enforce"]`), "%s enforces %s", tc.name, tc.enforce)
		assert.Equal(t, "restricted", ns.Input(`metadata.labels["pod-security.kubernetes.io/warn"]`), "%s must warn at restricted", tc.name)
		assert.Equal(t, "restricted", ns.Input(`metadata.labels["pod-security.kubernetes.io/audit"]`), "%s must audit at restricted", tc.name)
	}
}

func TestNodeAgentsRunInTheAgentsNamespaceAndAreStillScraped(t *testing.T) {
	m := run(t, devArgs())
	agents := offlinetest.Must(t, m, namespaceType, "obs-agents-namespace")
	kps := releaseNamed(t, m, "obs-kube-prometheus-stack")
	assert.Equal(t, Namespace, kps.Input("namespace"), "the rest of kube-prometheus-stack stays in the restricted namespace")
	assert.Equal(t, AgentsNamespace, kps.Input(`values["prometheus-node-exporter"].namespaceOverride`),
		"node-exporter (host network, host PID) must install into the agents namespace")
	assert.Equal(t, true, kps.Input(`values["prometheus-node-exporter"].prometheus.monitor.enabled`),
		"node-exporter's ServiceMonitor is created next to it")
	assert.Equal(t, map[string]any{}, kps.Input("values.prometheus.prometheusSpec.serviceMonitorNamespaceSelector"),
		"Prometheus must look for ServiceMonitors in every namespace, the agents namespace included")
	assert.Equal(t, false, kps.Input("values.prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues"),
		"and select them whatever their labels")
	assert.Contains(t, kps.DependsOn, agents.URN, "node-exporter's namespace must exist before kube-prometheus-stack installs into it")

	logs := releaseNamed(t, m, "obs-otel-logs")
	assert.Equal(t, AgentsNamespace, logs.Input("namespace"))
	assert.Contains(t, logs.DependsOn, agents.URN)
	assert.Equal(t, lokiURL+"/otlp", logs.Input(`values.config.exporters["otlphttp/loki"].endpoint`),
		"the shipper addresses Loki by its fully qualified name, across namespaces")
}

// securityContexts lists where each chart in the observability namespace takes a pod's and a
// container's securityContext (from the charts' templates at the pinned versions).
var securityContexts = map[string]struct{ pods, containers []string }{
	"obs-kube-prometheus-stack": {
		pods: []string{
			"prometheusOperator.securityContext", "prometheusOperator.admissionWebhooks.patch.securityContext",
			"prometheus.prometheusSpec.securityContext", "alertmanager.alertmanagerSpec.securityContext",
			"grafana.securityContext", `["kube-state-metrics"].securityContext`,
		},
		containers: []string{
			"prometheusOperator.containerSecurityContext",
			"prometheusOperator.admissionWebhooks.createSecretJob.securityContext",
			"prometheusOperator.admissionWebhooks.patchWebhookJob.securityContext",
			"grafana.containerSecurityContext", "grafana.sidecar.securityContext",
			`["kube-state-metrics"].containerSecurityContext`,
		},
	},
	"obs-loki": {
		pods: []string{"loki.podSecurityContext", "gateway.podSecurityContext", "memcached.podSecurityContext"},
		containers: []string{
			"loki.containerSecurityContext", "gateway.containerSecurityContext", "sidecar.securityContext",
			"memcached.containerSecurityContext", "memcachedExporter.containerSecurityContext",
		},
	},
	"obs-jaeger":         {pods: []string{"jaeger.podSecurityContext"}, containers: []string{"jaeger.securityContext"}},
	"obs-otel-collector": {pods: []string{"podSecurityContext"}, containers: []string{"securityContext"}},
}

// restrictedProblems names what a securityContext lacks for the restricted Pod Security Standard.
func restrictedProblems(ctx map[string]any, container bool) []string {
	var out []string
	if ctx["runAsNonRoot"] != true {
		out = append(out, "runAsNonRoot is not true")
	}
	if uid, ok := ctx["runAsUser"].(float64); ok && uid == 0 {
		out = append(out, "runAsUser is 0")
	}
	if seccomp, _ := ctx["seccompProfile"].(map[string]any); seccomp["type"] != "RuntimeDefault" {
		out = append(out, "seccompProfile.type is not RuntimeDefault")
	}
	if container {
		if ctx["allowPrivilegeEscalation"] != false {
			out = append(out, "allowPrivilegeEscalation is not false")
		}
		caps, _ := ctx["capabilities"].(map[string]any)
		if drop, _ := caps["drop"].([]any); len(drop) != 1 || drop[0] != "ALL" {
			out = append(out, "capabilities.drop is not [ALL]")
		}
		if _, added := caps["add"]; added || ctx["privileged"] == true {
			out = append(out, "adds capabilities or runs privileged")
		}
	}
	return out
}

func TestEveryPodInTheObservabilityNamespaceIsRestricted(t *testing.T) {
	for env, args := range map[string]*ObservabilityArgs{"dev": devArgs(), "prod": prodArgs()} {
		m := run(t, args)
		for logical, where := range securityContexts {
			r := releaseNamed(t, m, logical)
			require.Equal(t, Namespace, r.Input("namespace"), logical)
			check := func(path string, container bool) {
				if path[0] != '[' {
					path = "." + path
				}
				ctx, ok := r.Input("values" + path).(map[string]any)
				if !assert.True(t, ok, "%s %s: values%s is not set", env, logical, path) {
					return
				}
				assert.Empty(t, restrictedProblems(ctx, container), "%s %s: values%s does not meet restricted", env, logical, path)
			}
			for _, p := range where.pods {
				check(p, false)
			}
			for _, p := range where.containers {
				check(p, true)
			}
		}
		kps := releaseNamed(t, m, "obs-kube-prometheus-stack")
		assert.Equal(t, false, kps.Input("values.grafana.initChownData.enabled"), "%s: Grafana's init-chown-data runs as root", env)
	}
}

func TestRestrictedProblemsCatchesEachGap(t *testing.T) {
	assert.Empty(t, restrictedProblems(restrictedContainer(false), true))
	assert.Empty(t, restrictedProblems(restrictedPod(1000, 2000), false))
	cases := map[string]struct {
		edit func(obj)
		want string
	}{
		"root":       {func(o obj) { o["runAsUser"] = 0.0 }, "runAsUser is 0"},
		"no seccomp": {func(o obj) { delete(o, "seccompProfile") }, "seccompProfile"},
		"escalation": {func(o obj) { o["allowPrivilegeEscalation"] = true }, "allowPrivilegeEscalation"},
		"caps added": {func(o obj) { o["capabilities"] = obj{"drop": []any{"ALL"}, "add": []any{"CHOWN"}} }, "adds capabilities"},
	}
	for name, tc := range cases {
		c := restrictedContainer(true)
		tc.edit(c)
		assert.Contains(t, fmt.Sprint(restrictedProblems(c, true)), tc.want, name)
	}
}

func TestNamespaceLabelsAlwaysWarnAndAuditAtRestricted(t *testing.T) {
	for _, level := range []string{levelRestricted, levelPrivileged} {
		l := namespaceLabels(level)
		assert.Equal(t, level, l["pod-security.kubernetes.io/enforce"])
		assert.Equal(t, levelRestricted, l["pod-security.kubernetes.io/warn"])
		assert.Equal(t, levelRestricted, l["pod-security.kubernetes.io/audit"])
	}
}
