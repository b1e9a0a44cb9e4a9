package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/ipservice"
	"github.com/ip-platform/infra/components/mesh"
	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/plan"
	"github.com/ip-platform/infra/internal/stackfile"
)

const (
	prometheusRuleType = "kubernetes:monitoring.coreos.com/v1:PrometheusRule"
	serviceMonitorType = "kubernetes:monitoring.coreos.com/v1:ServiceMonitor"
)

// observabilityRelease returns the stack's release of the named chart in the observability
// namespace or the node agents' namespace.
func observabilityRelease(t *testing.T, r *plan.Result, releaseName string) offline.Resource {
	t.Helper()
	for _, rel := range ofType(r, helmReleaseTyp) {
		ns := rel.Input("namespace")
		if (ns == observability.Namespace || ns == observability.AgentsNamespace) && rel.Input("name") == releaseName {
			return rel
		}
	}
	require.Failf(t, "missing release", "no Helm release %s in namespace %s or %s", releaseName, observability.Namespace, observability.AgentsNamespace)
	return offline.Resource{}
}

func TestEveryStackRunsTheObservabilityStack(t *testing.T) {
	charts := map[string]struct {
		chart     observability.Chart
		namespace string
	}{
		"kube-prometheus-stack": {observability.KubePrometheusStack, observability.Namespace},
		"loki":                  {observability.Loki, observability.Namespace},
		"jaeger":                {observability.Jaeger, observability.Namespace},
		"otel-collector":        {observability.OpenTelemetryCollector, observability.Namespace},
		"otel-logs":             {observability.OpenTelemetryCollector, observability.AgentsNamespace},
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			for name, want := range charts {
				rel := observabilityRelease(t, r, name)
				assert.Equal(t, want.chart.Name, rel.Input("chart"), "%s chart", name)
				assert.Equal(t, want.chart.Version, rel.Input("version"), "%s must be pinned", name)
				assert.Equal(t, want.namespace, rel.Input("namespace"), "%s namespace", name)
			}
			services := map[string]bool{}
			for _, rule := range ofType(r, prometheusRuleType) {
				services[rule.Input("metadata.name").(string)] = true
			}
			for _, svc := range []string{"trademark", "copyright", "recommendation", "platform"} {
				assert.True(t, services[svc], "%s needs its PrometheusRule", svc)
			}
			monitored := map[string]bool{}
			for _, sm := range ofType(r, serviceMonitorType) {
				monitored["ServiceMonitor "+sm.Input("metadata.name").(string)] = true
			}
			for _, pm := range ofType(r, podMonitorType) {
				monitored["PodMonitor "+pm.Input("metadata.name").(string)] = true
			}
			for _, m := range []string{"PodMonitor trademark", "PodMonitor copyright", "PodMonitor recommendation", "ServiceMonitor otel-collector"} {
				assert.True(t, monitored[m], "missing %s", m)
			}
		})
	}
}

func TestProdObservabilityIsHighlyAvailableAndDevIsLight(t *testing.T) {
	prod := planStack(t, "prod")
	kps := observabilityRelease(t, prod, "kube-prometheus-stack")
	assert.Equal(t, 2.0, kps.Input("values.prometheus.prometheusSpec.replicas"), "prod runs two Prometheus replicas")
	assert.Equal(t, "30d", kps.Input("values.prometheus.prometheusSpec.retention"))
	assert.Equal(t, "SimpleScalable", observabilityRelease(t, prod, "loki").Input("values.deploymentMode"))
	assert.NotNil(t, observabilityRelease(t, prod, "jaeger").Input("values.userconfig.extensions.jaeger_storage.backends.primary_store.badger"), "prod keeps traces on badger")
	var lokiBuckets int
	for _, b := range ofType(prod, "aws:s3/bucketV2:BucketV2") {
		if strings.HasSuffix(b.Name, "-observability-loki") {
			lokiBuckets++
		}
	}
	assert.Equal(t, 1, lokiBuckets, "prod keeps Loki chunks in S3")

	dev := planStack(t, "dev")
	assert.Equal(t, 1.0, observabilityRelease(t, dev, "kube-prometheus-stack").Input("values.prometheus.prometheusSpec.replicas"))
	assert.Equal(t, "SingleBinary", observabilityRelease(t, dev, "loki").Input("values.deploymentMode"))
	assert.NotNil(t, observabilityRelease(t, dev, "jaeger").Input("values.userconfig.extensions.jaeger_storage.backends.primary_store.memory"), "dev keeps traces in memory")
}

func TestServicesExportTelemetryToTheCollectorService(t *testing.T) {
	r := planStack(t, "prod")
	gw := observabilityRelease(t, r, observability.CollectorName)
	want := "http://" + gw.Input("values.fullnameOverride").(string) + "." + gw.Input("namespace").(string) + ".svc.cluster.local:4317"
	assert.Equal(t, want, observability.OtlpGrpcEndpoint, "the exported endpoint must be the gateway's Service")

	// Whatever workload the services layer registers must export to that Service.
	for _, res := range r.Resources {
		for _, path := range []string{"spec.template.spec.containers[0].env", "values.env"} {
			env, _ := res.Input(path).([]any)
			for _, e := range env {
				kv, _ := e.(map[string]any)
				if kv["name"] == "OTEL_EXPORTER_OTLP_ENDPOINT" {
					assert.Equal(t, observability.OtlpGrpcEndpoint, kv["value"], "%s %s exports telemetry elsewhere", res.Type, res.Name)
				}
			}
		}
	}
}

func TestAlertWebhookIsNeverPlainTextInAStackFile(t *testing.T) {
	for _, stack := range stacks {
		s, err := stackfile.Load(projectDir, stack, "")
		require.NoError(t, err)
		key := config.Namespace + ":" + config.AlertWebhookKey
		if v := s.Values[key]; v != "" {
			// A stack that names a receiver must carry it encrypted (pulumi config set --secret).
			assert.Contains(t, s.SecretKeys, key, "Pulumi.%s.yaml sets %s in plain text", stack, key)
		}
	}
}

func TestPodMonitorsScrapeAPortThePodsHave(t *testing.T) {
	r := planStack(t, "prod")
	checked := 0
	for _, pm := range ofType(r, podMonitorType) {
		service, ok := pm.Input(`spec.selector.matchLabels["app.kubernetes.io/name"]`).(string)
		if !ok {
			continue // the mesh's monitors select app=ztunnel and the waypoints' class
		}
		pods := podsOf(t, r, service, service)
		require.NotEmpty(t, pods, "PodMonitor %s selects no Deployment", pm.Name)
		port := pm.Input("spec.podMetricsEndpoints[0].port")
		for _, d := range pods {
			var names []any
			for _, p := range d.Input("spec.template.spec.containers[0].ports").([]any) {
				names = append(names, p.(map[string]any)["name"])
			}
			assert.Contains(t, names, port, "PodMonitor %s scrapes a port %s does not have", pm.Name, d.Name)
		}
		checked++
	}
	assert.Equal(t, 3, checked, "one PodMonitor per IP service")

	for _, es := range ofType(r, "kubernetes:external-secrets.io/v1:ExternalSecret") {
		if es.Input("metadata.namespace") != observability.Namespace {
			continue
		}
		var afterESO bool
		for _, rel := range ofType(r, helmReleaseTyp) {
			if rel.Input("name") == "external-secrets" && slices.Contains(es.DependsOn, rel.URN) {
				afterESO = true
			}
		}
		assert.True(t, afterESO, "%s must wait for the External Secrets Operator release (its CRDs)", es.Name)
	}
}

// The observability namespace enforces restricted; only the two node agents, in their own
// namespace, run at privileged, and that namespace still warns and audits at restricted.
func TestOnlyTheNodeAgentsRunPrivileged(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			enforce := map[string]string{}
			for _, ns := range ofType(r, "kubernetes:core/v1:Namespace") {
				name, _ := ns.Input("metadata.name").(string)
				level, _ := ns.Input(`metadata.labels["pod-security.kubernetes.io/enforce"]`).(string)
				enforce[name] = level
				if name == observability.AgentsNamespace || name == mesh.Namespace {
					assert.Equal(t, "restricted", ns.Input(`metadata.labels["pod-security.kubernetes.io/warn"]`), "the agents' gap must stay visible")
					assert.Equal(t, "restricted", ns.Input(`metadata.labels["pod-security.kubernetes.io/audit"]`))
				}
			}
			assert.Equal(t, "restricted", enforce[observability.Namespace], "the observability namespace")
			assert.Equal(t, "privileged", enforce[observability.AgentsNamespace], "the node agents' namespace")
			for name, level := range enforce {
				if level == "privileged" {
					// istio-system: the mesh's istio-cni and ztunnel (components/mesh), in staging and prod.
					assert.Contains(t, []string{observability.AgentsNamespace, mesh.Namespace}, name, "namespace %s enforces privileged", name)
				}
			}

			var inAgents []string
			for _, rel := range ofType(r, helmReleaseTyp) {
				if rel.Input("namespace") == observability.AgentsNamespace {
					inAgents = append(inAgents, rel.Input("name").(string))
				}
			}
			assert.Equal(t, []string{"otel-logs"}, inAgents, "only the log shipper's release installs into the agents namespace")
			kps := observabilityRelease(t, r, "kube-prometheus-stack")
			assert.Equal(t, observability.AgentsNamespace, kps.Input(`values["prometheus-node-exporter"].namespaceOverride`),
				"node-exporter, a sub-chart, is moved there by namespaceOverride")
			assert.Equal(t, map[string]any{}, kps.Input("values.prometheus.prometheusSpec.serviceMonitorNamespaceSelector"),
				"Prometheus must still find node-exporter's ServiceMonitor in the agents namespace")
		})
	}
}

// The services admit Prometheus on their management port by namespace and pod label: the
// Prometheus pods must still run in that namespace with that label.
func TestServicesAdmitScrapesFromWherePrometheusRuns(t *testing.T) {
	r := planStack(t, "prod")
	kps := observabilityRelease(t, r, "kube-prometheus-stack")
	require.Equal(t, observability.Namespace, kps.Input("namespace"), "Prometheus runs in the kube-prometheus-stack release's namespace")
	assert.Equal(t, observability.Namespace, ipservice.ObservabilityNamespace, "the services' peer namespace is the observability namespace")

	checked := 0
	for _, np := range ofType(r, netpolType) {
		rules, _ := np.Input("spec.ingress").([]any)
		for _, rule := range rules {
			for _, peer := range rule.(map[string]any)["from"].([]any) {
				p := peer.(map[string]any)
				pods, _ := p["podSelector"].(map[string]any)
				labels, _ := pods["matchLabels"].(map[string]any)
				if labels["app.kubernetes.io/name"] != "prometheus" {
					continue
				}
				ns := p["namespaceSelector"].(map[string]any)["matchLabels"].(map[string]any)["kubernetes.io/metadata.name"]
				assert.Equal(t, kps.Input("namespace"), ns, "%s admits Prometheus from another namespace", np.Name)
				for k, v := range observability.PrometheusPodLabel {
					assert.Equal(t, v, labels[k], "%s selects pods Prometheus does not carry the label of", np.Name)
				}
				if strings.HasSuffix(np.Name, "-ingress") {
					checked++ // the mesh's policies admit Prometheus's HBONE too
				}
			}
		}
	}
	assert.Equal(t, 3, checked, "each IP service admits Prometheus on its management port")
}
