package observability

// What the service mesh (components/mesh) takes from the stack: where Grafana looks for dashboards,
// which datasource they query, and who Prometheus is, so that the services' AuthorizationPolicies
// can admit its scrapes by identity.
const (
	// DashboardLabel marks the ConfigMaps in Namespace that Grafana's sidecar loads (value "1").
	DashboardLabel = dashboardLabel
	// PrometheusDatasourceUID is the UID of the provisioned Prometheus datasource.
	PrometheusDatasourceUID = datasourcePrometheus
	// PrometheusServiceAccount is the service account of the Prometheus pods in Namespace:
	// kube-prometheus-stack names it "<fullname>-prometheus" (fullnameOverride kpsFullname).
	PrometheusServiceAccount = kpsFullname + "-prometheus"
	// PrometheusService is the Service in front of the Prometheus pods (kube-prometheus-stack's
	// "<fullname>-prometheus"), where Grafana queries and the load tests remote-write.
	PrometheusService = kpsFullname + "-prometheus"
	// PrometheusWebPort is Prometheus's query and UI port, which Grafana uses.
	PrometheusWebPort = 9090
)

// meshLabels are the labels that enrol Prometheus's pods in the ambient mesh (istio.io/dataplane-mode
// ambient): its scrapes then travel over mTLS as PrometheusServiceAccount, the identity the
// services' management ports admit. Only Prometheus joins; the rest of the stack stays out.
func meshLabels(enrolled bool) map[string]any {
	if !enrolled {
		return nil
	}
	return map[string]any{"istio.io/dataplane-mode": "ambient"}
}
