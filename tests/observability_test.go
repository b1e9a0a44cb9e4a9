package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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

// observabilityRelease returns the stack's release of the named chart in the observability namespace.
func observabilityRelease(t *testing.T, r *plan.Result, releaseName string) offline.Resource {
	t.Helper()
	for _, rel := range ofType(r, helmReleaseTyp) {
		if rel.Input("namespace") == observability.Namespace && rel.Input("name") == releaseName {
			return rel
		}
	}
	require.Failf(t, "missing release", "no Helm release %s in namespace %s", releaseName, observability.Namespace)
	return offline.Resource{}
}

func TestEveryStackRunsTheObservabilityStack(t *testing.T) {
	charts := map[string]observability.Chart{
		"kube-prometheus-stack": observability.KubePrometheusStack,
		"loki":                  observability.Loki,
		"jaeger":                observability.Jaeger,
		"otel-collector":        observability.OpenTelemetryCollector,
		"otel-logs":             observability.OpenTelemetryCollector,
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			for name, chart := range charts {
				rel := observabilityRelease(t, r, name)
				assert.Equal(t, chart.Name, rel.Input("chart"), "%s chart", name)
				assert.Equal(t, chart.Version, rel.Input("version"), "%s must be pinned", name)
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
				monitored[sm.Input("metadata.name").(string)] = true
			}
			for _, svc := range []string{"trademark", "copyright", "recommendation", "otel-collector"} {
				assert.True(t, monitored[svc], "%s needs a ServiceMonitor", svc)
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
	assert.Equal(t, "badger", observabilityRelease(t, prod, "jaeger").Input("values.storage.type"))
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
	assert.Equal(t, "memory", observabilityRelease(t, dev, "jaeger").Input("values.storage.type"))
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

func TestServiceMonitorsMatchTheServicesPorts(t *testing.T) {
	r := planStack(t, "prod")
	services := map[string][]string{} // namespace/name label -> port names
	for _, s := range ofType(r, "kubernetes:core/v1:Service") {
		ns, _ := s.Input("metadata.namespace").(string)
		name, _ := s.Input(`metadata.labels["app.kubernetes.io/name"]`).(string)
		for _, p := range s.Input("spec.ports").([]any) {
			services[ns+"/"+name] = append(services[ns+"/"+name], p.(map[string]any)["name"].(string))
		}
	}
	checked := 0
	for _, sm := range ofType(r, serviceMonitorType) {
		matchNames, _ := sm.Input("spec.namespaceSelector.matchNames").([]any)
		if len(matchNames) == 0 {
			continue // the collector's own monitor, in its namespace
		}
		key := matchNames[0].(string) + "/" + sm.Input(`spec.selector.matchLabels["app.kubernetes.io/name"]`).(string)
		require.Contains(t, services, key, "ServiceMonitor %s selects no Service", sm.Name)
		assert.Contains(t, services[key], sm.Input("spec.endpoints[0].port"), "ServiceMonitor %s scrapes a port the Service does not have", sm.Name)
		checked++
	}
	assert.Equal(t, 3, checked, "one ServiceMonitor per IP service")

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
