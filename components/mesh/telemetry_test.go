package mesh

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func runTelemetry(t *testing.T) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewTelemetry(ctx, "mesh-telemetry", &TelemetryArgs{
			WaypointNamespaces: []string{"trademark", "copyright", "recommendation"},
			Prometheus:         prometheus,
		})
		return err
	})
}

func TestPrometheusScrapesIstiodZtunnelAndTheWaypoints(t *testing.T) {
	m := runTelemetry(t)
	istiod := offlinetest.Must(t, m, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "mesh-telemetry-istiod")
	assert.Equal(t, "observability", istiod.Input("metadata.namespace"))
	assert.Equal(t, []any{"istio-system"}, istiod.Input("spec.namespaceSelector.matchNames"))
	assert.Equal(t, "http-monitoring", istiod.Input("spec.endpoints[0].port"))

	zt := offlinetest.Must(t, m, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "mesh-telemetry-ztunnel")
	assert.Equal(t, map[string]any{"app": "ztunnel"}, zt.Input("spec.selector.matchLabels"))
	assert.Equal(t, "ztunnel-stats", zt.Input("spec.podMetricsEndpoints[0].port"))

	wp := offlinetest.Must(t, m, "kubernetes:monitoring.coreos.com/v1:PodMonitor", "mesh-telemetry-waypoints")
	assert.Equal(t, []any{"trademark", "copyright", "recommendation"}, wp.Input("spec.namespaceSelector.matchNames"))
	assert.Equal(t, map[string]any{"gateway.networking.k8s.io/gateway-class-name": "istio-waypoint"}, wp.Input("spec.selector.matchLabels"))
	assert.Equal(t, "/stats/prometheus", wp.Input("spec.podMetricsEndpoints[0].path"))
	offlinetest.AssertSubtree(t, m, "ip-platform:mesh:Telemetry", "mesh-telemetry")
}

func TestGrafanaStillReachesAnEnrolledPrometheus(t *testing.T) {
	m := runTelemetry(t)
	pa := offlinetest.Must(t, m, peerAuthType, "mesh-telemetry-prometheus-mtls")
	assert.Equal(t, "observability", pa.Input("metadata.namespace"))
	assert.Equal(t, map[string]any{"app.kubernetes.io/name": "prometheus"}, pa.Input("spec.selector.matchLabels"))
	assert.Equal(t, map[string]any{"9090": map[string]any{"mode": "PERMISSIVE"}}, pa.Input("spec.portLevelMtls"))
}

func TestMeshDashboardIsProvisionedForTheSidecar(t *testing.T) {
	m := runTelemetry(t)
	cm := offlinetest.Must(t, m, "kubernetes:core/v1:ConfigMap", "mesh-telemetry-dashboard")
	assert.Equal(t, "observability", cm.Input("metadata.namespace"))
	assert.Equal(t, "1", cm.Input("metadata.labels").(map[string]any)["grafana_dashboard"])
	body, ok := cm.Input("data").(map[string]any)[DashboardUID+".json"].(string)
	require.True(t, ok)
	var d struct {
		UID    string `json:"uid"`
		Panels []struct {
			Targets []struct{ Expr string } `json:"targets"`
		} `json:"panels"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &d))
	assert.Equal(t, DashboardUID, d.UID)
	assert.Len(t, d.Panels, 8)
	for _, p := range d.Panels {
		require.Len(t, p.Targets, 1)
		assert.NotEmpty(t, p.Targets[0].Expr)
	}
}
