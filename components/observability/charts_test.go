package observability

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func TestWithTheSkipInstallerNoReleaseIsRegistered(t *testing.T) {
	skip := &charts.Skip{}
	args := prodArgs()
	args.Charts = skip
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewObservability(ctx, "obs", args)
		return err
	})
	assert.Empty(t, m.OfType(releaseType), "no helm.v3.Release where charts cannot be fetched")
	standIns := map[string]string{}
	for _, r := range m.OfType(charts.SkippedReleaseType) {
		standIns[r.Name] = r.Input("chart").(string)
	}
	assert.Equal(t, map[string]string{
		"obs-kube-prometheus-stack": KubePrometheusStack.Name,
		"obs-loki":                  Loki.Name,
		"obs-jaeger":                Jaeger.Name,
		"obs-otel-collector":        OpenTelemetryCollector.Name,
		"obs-otel-logs":             OpenTelemetryCollector.Name,
	}, standIns, "each release has its stand-in, under the same logical name")
	var skipped []string
	for _, r := range skip.Skipped() {
		skipped = append(skipped, r.Name)
		assert.False(t, r.CreateNamespace, "%s: the namespaces are ours, never Helm's", r.Name)
		assert.Equal(t, releaseTimeoutSeconds, r.TimeoutSeconds, r.Name)
	}
	assert.ElementsMatch(t, []string{"kube-prometheus-stack", "loki", "jaeger", CollectorName, "otel-logs"}, skipped)

	// Everything else still goes to the API server, in namespaces the component creates itself.
	require.Len(t, m.OfType(namespaceType), 2)
	offlinetest.Must(t, m, "kubernetes:external-secrets.io/v1:SecretStore", "obs-grafana-secret-store")
	offlinetest.Must(t, m, "kubernetes:core/v1:Secret", "obs-alert-webhook")
	offlinetest.Must(t, m, "kubernetes:core/v1:PersistentVolumeClaim", "obs-jaeger-badger")
	assert.Len(t, m.OfType(ruleType), len(targets())+1)
	assert.Len(t, m.OfType(podMonitorType), len(targets()), "a PodMonitor per service")
	assert.Len(t, m.OfType(monitorType), 1, "the collector's ServiceMonitor")
	offlinetest.AssertSubtree(t, m, "ip-platform:observability:Observability", "obs")
}

// Every namespace an object of ours lives in is a Namespace of ours: with charts skipped, nothing
// else would create it.
func TestOurObjectsLiveInNamespacesWeCreate(t *testing.T) {
	for _, args := range []*ObservabilityArgs{devArgs(), prodArgs()} {
		args.Charts = &charts.Skip{}
		m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
			_, err := NewObservability(ctx, "obs", args)
			return err
		})
		created := map[any]bool{}
		for _, ns := range m.OfType(namespaceType) {
			created[ns.Input("metadata.name")] = true
		}
		for _, r := range m.Resources() {
			if ns := r.Input("metadata.namespace"); ns != nil {
				assert.True(t, created[ns], "%s %s lives in namespace %v, which the component does not create", r.Type, r.Name, ns)
			}
		}
	}
}
