package vpa

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func run(t *testing.T, args *VerticalPodAutoscalerArgs) *offline.Mocks {
	t.Helper()
	m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
		_, err := NewVerticalPodAutoscaler(ctx, "vpa", args)
		return err
	})
	require.NoError(t, err)
	return m
}

func TestOnlyTheRecommenderIsInstalledPinned(t *testing.T) {
	m := run(t, nil)
	r, ok := m.Named("kubernetes:helm.sh/v3:Release", "vpa")
	require.True(t, ok, "no VPA release; registered: %v", m.Types())

	assert.Equal(t, "vpa", r.Input("chart"))
	assert.Equal(t, "5.0.0", r.Input("version"), "the chart must be pinned exactly (VPA 1.7.1)")
	assert.Equal(t, "https://charts.fairwinds.com/stable", r.Input("repositoryOpts.repo"))
	assert.Equal(t, true, r.Input("atomic"))
	assert.Equal(t, "vpa", r.Input("namespace"))
	assert.Nil(t, r.Input("createNamespace"), "the namespace is the component's, not Helm's")
	assert.Equal(t, true, r.Input("values.recommender.enabled"))
	assert.Equal(t, false, r.Input("values.updater.enabled"), "recommendation-only VPAs need no updater evicting pods")
	assert.Equal(t, false, r.Input("values.admissionController.enabled"), "no mutating webhook on every pod creation")
	assert.Equal(t, map[string]any{
		"requests": map[string]any{"cpu": "50m", "memory": "256Mi"},
		"limits":   map[string]any{"cpu": "200m", "memory": "512Mi"},
	}, r.Input("values.recommender.resources"))
	assert.Equal(t, false, r.Input("values.metrics-server.enabled"), "metrics-server is its own release")
}

func TestMetricsServerFeedsTheAutoscalers(t *testing.T) {
	m := run(t, &VerticalPodAutoscalerArgs{MetricsServerReplicas: 2})
	r, ok := m.Named("kubernetes:helm.sh/v3:Release", "vpa-metrics-server")
	require.True(t, ok)
	assert.Equal(t, "3.13.1", r.Input("version"))
	assert.Equal(t, "kube-system", r.Input("namespace"))
	assert.Equal(t, 2.0, r.Input("values.replicas"))
	assert.Equal(t, true, r.Input("values.podDisruptionBudget.enabled"))
	res := r.Input("values.resources").(map[string]any)
	assert.Contains(t, res, "requests")
	assert.Contains(t, res, "limits")
}

func TestReplicasAreBounded(t *testing.T) {
	_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
		_, err := NewVerticalPodAutoscaler(ctx, "vpa", &VerticalPodAutoscalerArgs{MetricsServerReplicas: 5})
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "vpa vpa: MetricsServerReplicas (5)")
}

func TestNamespaceIsOursAndRestricted(t *testing.T) {
	m := run(t, nil)
	ns := offlinetest.Must(t, m, "kubernetes:core/v1:Namespace", "vpa-namespace")
	assert.Equal(t, Namespace, ns.Input("metadata.name"))
	labels := ns.Input("metadata.labels").(map[string]any)
	for _, mode := range []string{"enforce", "audit", "warn"} {
		assert.Equal(t, "restricted", labels["pod-security.kubernetes.io/"+mode], "PSA %s level", mode)
	}
	r := offlinetest.Must(t, m, "kubernetes:helm.sh/v3:Release", "vpa")
	assert.Contains(t, r.DependsOn, ns.URN, "the release waits for its namespace")
}

func TestSkippedChartsRegisterNoHelmRelease(t *testing.T) {
	skip := &charts.Skip{}
	var v *VerticalPodAutoscaler
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		v, err = NewVerticalPodAutoscaler(ctx, "vpa", &VerticalPodAutoscalerArgs{Charts: skip})
		return err
	})
	assert.Empty(t, m.OfType("kubernetes:helm.sh/v3:Release"), "skipped charts must not reach Helm")
	var skipped []string
	for _, r := range skip.Skipped() {
		skipped = append(skipped, r.Chart.Name+"@"+r.Chart.Version)
	}
	assert.Equal(t, []string{"metrics-server@3.13.1", "vpa@5.0.0"}, skipped)
	standIn := offlinetest.Must(t, m, charts.SkippedReleaseType, "vpa")
	require.NotNil(t, v.Release)
	assert.Equal(t, "vpa", standIn.Input("chart"), "the stand-in records the skipped chart")
	offlinetest.Must(t, m, "kubernetes:core/v1:Namespace", "vpa-namespace")
}

func TestChildrenAreParentedAndPrefixed(t *testing.T) {
	offlinetest.AssertSubtree(t, run(t, nil), "ip-platform:vpa:VerticalPodAutoscaler", "vpa")
}
