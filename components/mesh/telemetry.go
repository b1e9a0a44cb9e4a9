package mesh

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/helmvalues"
)

// TelemetryArgs describes how the observability stack sees the mesh.
type TelemetryArgs struct {
	// MonitorNamespace is where the monitors and the dashboard go: the observability stack's
	// namespace, where Prometheus selects monitors and Grafana's sidecar finds dashboards.
	// Defaults to observability.Namespace.
	MonitorNamespace string
	// WaypointNamespaces are the service namespaces, each with a waypoint. Required.
	WaypointNamespaces []string
	// Prometheus is the Prometheus that joins the mesh (its pods labelled istio.io/dataplane-mode
	// ambient). Required.
	Prometheus Scraper
	// PrometheusWebPort is where Grafana, outside the mesh, queries Prometheus: the one port of it
	// left PERMISSIVE. Defaults to observability.PrometheusWebPort.
	PrometheusWebPort int
	// IngressGateway scrapes the mesh's ingress gateway (NewIngressGateway), alerts on its 5xx
	// ratio and charts the edge per service namespace (WaypointNamespaces). Defaults to false.
	IngressGateway bool
	// After are what the custom resources wait for: the kube-prometheus-stack release (the
	// monitoring CRDs) and Mesh.Ready (the PeerAuthentication). Optional.
	After []pulumi.Resource
}

// Telemetry is the mesh's monitors and dashboard.
type Telemetry struct {
	pulumi.ResourceState
}

// DashboardUID is the mesh dashboard's Grafana UID.
const DashboardUID = "ip-platform-mesh"

// NewTelemetry creates the mesh's monitors, its dashboard and Prometheus's mTLS exception.
func NewTelemetry(ctx *pulumi.Context, name string, args *TelemetryArgs, opts ...pulumi.ResourceOption) (*Telemetry, error) {
	if args == nil {
		return nil, fmt.Errorf("mesh telemetry %s: args are required", name)
	}
	a := *args
	if a.MonitorNamespace == "" {
		a.MonitorNamespace = observability.Namespace
	}
	if a.PrometheusWebPort == 0 {
		a.PrometheusWebPort = observability.PrometheusWebPort
	}
	switch {
	case len(a.WaypointNamespaces) == 0:
		return nil, fmt.Errorf("mesh telemetry %s: WaypointNamespaces is required", name)
	case a.Prometheus.Namespace == "" || len(a.Prometheus.PodLabels) == 0:
		return nil, fmt.Errorf("mesh telemetry %s: Prometheus.Namespace and Prometheus.PodLabels are required", name)
	}
	t := &Telemetry{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:mesh:Telemetry", name, pulumi.Map{
		"waypointNamespaces": pulumi.ToStringArray(a.WaypointNamespaces),
	}, t, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(t)
	afterCRDs := []pulumi.ResourceOption{parent, pulumi.DependsOn(a.After)}
	custom := func(suffix, apiVersion, kind, objName, namespace string, spec map[string]any) error {
		_, err := apiextensions.NewCustomResource(ctx, name+suffix, &apiextensions.CustomResourceArgs{
			ApiVersion: pulumi.String(apiVersion), Kind: pulumi.String(kind),
			Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(objName), Namespace: pulumi.String(namespace), Labels: pulumi.ToStringMap(partOf)},
			OtherFields: map[string]any{"spec": spec},
		}, afterCRDs...)
		if err != nil {
			return fmt.Errorf("mesh telemetry %s: %s %s: %w", name, kind, objName, err)
		}
		return nil
	}
	if err := custom("-istiod", monitoringAPIVersion, "ServiceMonitor", "istiod", a.MonitorNamespace, istiodMonitorSpec()); err != nil {
		return nil, err
	}
	if err := custom("-ztunnel", monitoringAPIVersion, "PodMonitor", "ztunnel", a.MonitorNamespace, ztunnelMonitorSpec()); err != nil {
		return nil, err
	}
	if err := custom("-waypoints", monitoringAPIVersion, "PodMonitor", "waypoints", a.MonitorNamespace, waypointMonitorSpec(a.WaypointNamespaces)); err != nil {
		return nil, err
	}
	if a.IngressGateway {
		if err := custom("-ingress-gateway", monitoringAPIVersion, "PodMonitor", IngressGatewayName, a.MonitorNamespace, ingressMonitorSpec()); err != nil {
			return nil, err
		}
		rules, err := helmvalues.ToMap(map[string]any{"groups": []observability.RuleGroup{edgeRuleGroup()}})
		if err != nil {
			return nil, fmt.Errorf("mesh telemetry %s: edge rules: %w", name, err)
		}
		if err := custom("-edge-rules", monitoringAPIVersion, "PrometheusRule", "mesh-edge", a.MonitorNamespace, rules); err != nil {
			return nil, err
		}
	}
	// Prometheus joins the mesh for its scrapes to carry its identity; Grafana, outside it, still
	// queries its web port in plaintext, which a STRICT Prometheus would refuse.
	if err := custom("-prometheus-mtls", securityAPIVersion, "PeerAuthentication", "prometheus-web", a.Prometheus.Namespace, map[string]any{
		"selector":      map[string]any{"matchLabels": toAny(a.Prometheus.PodLabels)},
		"mtls":          map[string]any{"mode": MTLSStrict},
		"portLevelMtls": map[string]any{fmt.Sprint(a.PrometheusWebPort): map[string]any{"mode": MTLSPermissive}},
	}); err != nil {
		return nil, err
	}
	edge := []string(nil)
	if a.IngressGateway {
		edge = a.WaypointNamespaces
	}
	body, err := meshDashboard(edge).JSON()
	if err != nil {
		return nil, fmt.Errorf("mesh telemetry %s: %w", name, err)
	}
	if _, err := corev1.NewConfigMap(ctx, name+"-dashboard", &corev1.ConfigMapArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String("dashboard-" + DashboardUID), Namespace: pulumi.String(a.MonitorNamespace),
			Labels: pulumi.StringMap{observability.DashboardLabel: pulumi.String("1"), "app.kubernetes.io/part-of": pulumi.String("ip-platform")},
		},
		Data: pulumi.StringMap{DashboardUID + ".json": pulumi.String(body)},
	}, parent); err != nil {
		return nil, fmt.Errorf("mesh telemetry %s: dashboard: %w", name, err)
	}
	return t, ctx.RegisterResourceOutputs(t, pulumi.Map{})
}

func toAny(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// istiodMonitorSpec scrapes istiod's own metrics (pushes, connected proxies, certificate
// signing) on its Service's http-monitoring port (15014).
func istiodMonitorSpec() map[string]any {
	return map[string]any{
		"namespaceSelector": map[string]any{"matchNames": []any{Namespace}},
		"selector":          map[string]any{"matchLabels": map[string]any{"app": "istiod"}},
		"endpoints":         []any{map[string]any{"port": "http-monitoring", "interval": "30s"}},
	}
}

// ztunnelMonitorSpec scrapes every ztunnel (a DaemonSet without a Service) on its ztunnel-stats
// container port (15020): the mesh's layer-4 metrics, connections by source and destination
// identity and their security policy.
func ztunnelMonitorSpec() map[string]any {
	return map[string]any{
		"namespaceSelector":   map[string]any{"matchNames": []any{Namespace}},
		"selector":            map[string]any{"matchLabels": map[string]any{"app": "ztunnel"}},
		"podMetricsEndpoints": []any{map[string]any{"port": "ztunnel-stats", "path": "/metrics", "interval": "30s"}},
	}
}

// waypointMonitorSpec scrapes the waypoints' Envoy (merged with the agent's on the metrics port,
// 15020): the mesh's layer-7 metrics, requests by service, response code and duration.
func waypointMonitorSpec(namespaces []string) map[string]any {
	return map[string]any{
		"namespaceSelector":   map[string]any{"matchNames": strs(namespaces)},
		"selector":            map[string]any{"matchLabels": map[string]any{"gateway.networking.k8s.io/gateway-class-name": WaypointClass}},
		"podMetricsEndpoints": []any{map[string]any{"port": "metrics", "path": "/stats/prometheus", "interval": "30s"}},
	}
}

// panelSpec is one time-series panel of the mesh dashboard.
type panelSpec struct{ title, unit, expr, legend string }

// meshDashboard charts the mesh: layer-7 traffic through the waypoints, layer-4 connections and
// their mTLS share from ztunnel, istiod's health and, per service namespace in edge, the API's
// traffic at the ingress gateway.
func meshDashboard(edge []string) observability.Dashboard {
	ds := observability.Datasource{Type: "prometheus", UID: observability.PrometheusDatasourceUID}
	specs := []panelSpec{
		{"Requests through waypoints", "reqps",
			`sum by (destination_service_name) (rate(istio_requests_total{reporter="waypoint"}[5m]))`, "{{destination_service_name}}"},
		{"5xx ratio through waypoints", "percentunit",
			`sum by (destination_service_name) (rate(istio_requests_total{reporter="waypoint",response_code=~"5.."}[5m])) / sum by (destination_service_name) (rate(istio_requests_total{reporter="waypoint"}[5m]))`, "{{destination_service_name}}"},
		{"p99 latency through waypoints", "ms",
			`histogram_quantile(0.99, sum by (destination_service_name, le) (rate(istio_request_duration_milliseconds_bucket{reporter="waypoint"}[5m])))`, "{{destination_service_name}}"},
		{"Connections opened by security policy (ztunnel)", "cps",
			`sum by (connection_security_policy) (rate(istio_tcp_connections_opened_total{reporter="destination"}[5m]))`, "{{connection_security_policy}}"},
		{"Connections by destination workload (ztunnel)", "cps",
			`sum by (destination_workload_namespace, destination_workload) (rate(istio_tcp_connections_opened_total{reporter="destination"}[5m]))`, "{{destination_workload_namespace}}/{{destination_workload}}"},
		{"istiod configuration pushes", "ops",
			`sum by (type) (rate(pilot_xds_pushes[5m]))`, "{{type}}"},
		{"Proxies connected to istiod", "short",
			`sum by (type) (pilot_xds)`, "{{type}}"},
		{"Mesh data plane memory", "bytes",
			`sum by (pod) (container_memory_working_set_bytes{namespace="` + Namespace + `",container=~"istio-proxy|install-cni"})`, "{{pod}}"},
	}
	specs = append(specs, edgeSpecs(edge)...)
	panels := make([]observability.Panel, len(specs))
	for i, s := range specs {
		panels[i] = observability.Panel{
			ID: i + 1, Title: s.title, Type: "timeseries", Datasource: ds,
			GridPos:     observability.GridPos{X: (i % 2) * 12, Y: (i / 2) * 8, W: 12, H: 8},
			Targets:     []observability.Target{{RefID: "A", Expr: s.expr, LegendFormat: s.legend}},
			FieldConfig: observability.FieldConfig{Defaults: observability.FieldDefaults{Unit: s.unit}},
		}
	}
	return observability.Dashboard{
		UID: DashboardUID, Title: "Service mesh", Tags: []string{"ip-platform", "mesh"},
		Timezone: "utc", SchemaVersion: 39, Refresh: "30s",
		Time:   observability.TimeSpan{From: "now-6h", To: "now"},
		Panels: panels,
	}
}
