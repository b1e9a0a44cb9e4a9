package observability

import "github.com/ip-platform/infra/internal/charts"

// Chart is one pinned Helm chart. Versions are exact: a floating version would change a
// component under a deploy that changed nothing.
type Chart = charts.Chart

// The pinned charts. Each version was read from the chart's own Chart.yaml (or CHANGELOG) in its
// upstream repository through the code search index; bump them deliberately, one per commit.
var (
	// KubePrometheusStack 67.8.0: appVersion v0.79.2 (prometheus-operator), with the grafana 8.8.*,
	// kube-state-metrics 5.28.* and prometheus-node-exporter 4.43.* sub-charts
	// (prometheus-community/helm-charts charts/kube-prometheus-stack/Chart.yaml).
	// renovate: datasource=helm depName=kube-prometheus-stack registryUrl=https://prometheus-community.github.io/helm-charts
	KubePrometheusStack = charts.Pin(Chart{Name: "kube-prometheus-stack", Repo: "https://prometheus-community.github.io/helm-charts", Version: "67.8.0"})
	// Loki 6.26.0: Loki 3.4.0 (grafana/loki production/helm/loki/CHANGELOG.md "6.26.0: Changed
	// version of Grafana Loki to 3.4.0"; values.yaml at that commit sets loki.image.tag 3.4.0).
	// renovate: datasource=helm depName=loki registryUrl=https://grafana.github.io/helm-charts
	Loki = charts.Pin(Chart{Name: "loki", Repo: "https://grafana.github.io/helm-charts", Version: "6.26.0"})
	// Jaeger 4.11.1: appVersion 2.19.0, Jaeger v2 (image jaegertracing/jaeger, an OpenTelemetry
	// Collector build). The 4.x line is a new chart (Chart.yaml and README of jaeger-4.11.1 in
	// jaegertracing/helm-charts, read 2026-12-02): one all-in-one Deployment under `jaeger.*`
	// (allInOne, agent, collector, query and provisionDataStore are gone), one Service named after
	// the fullname for every port (the v1 jaeger-collector and jaeger-query Services are gone: see
	// jaegerOtlp, jaegerQuery), storage configured only in the Jaeger/collector configuration passed
	// as `userconfig` (the BADGER_* and MEMORY_* environment variables are v1's), and no volume
	// of its own (the badger claim goes in through jaeger.extraVolumes). Its one dependency,
	// bitnami common, only renders the image reference and pull secrets.
	// renovate: datasource=helm depName=jaeger registryUrl=https://jaegertracing.github.io/helm-charts
	Jaeger = charts.Pin(Chart{Name: "jaeger", Repo: "https://jaegertracing.github.io/helm-charts", Version: "4.11.1"})
	// OpenTelemetryCollector 0.158.2: appVersion 0.153.0
	// (open-telemetry/opentelemetry-helm-charts charts/opentelemetry-collector/Chart.yaml). Used
	// twice: the OTLP gateway (Deployment) and the log shipper (DaemonSet). Not 0.158.3, which was
	// pinned before and never published (the repository's index goes 0.158.2, then 0.159.0; only
	// an unmerged pull request says 0.158.3): 0.158.2 runs the same collector, and the chart check
	// (tests/charts) now refuses a pin its repository does not have.
	// renovate: datasource=helm depName=opentelemetry-collector registryUrl=https://open-telemetry.github.io/opentelemetry-helm-charts
	OpenTelemetryCollector = charts.Pin(Chart{Name: "opentelemetry-collector", Repo: "https://open-telemetry.github.io/opentelemetry-helm-charts", Version: "0.158.2"})
)

// Namespace is where the stack runs, at the restricted Pod Security level: every pod the charts
// start there is given a restricted securityContext (security.go).
const Namespace = "observability"

// AgentsNamespace holds the two node agents that need the host: node-exporter (host network, host
// PID namespace, the node's root filesystem) and the log shipper (host paths under /var/log). It
// enforces privileged, so that exemption covers these two DaemonSets and nothing else.
const AgentsNamespace = "observability-agents"

// The collector gateway's Service (fullnameOverride) and pod label (nameOverride): the services'
// NetworkPolicies admit OTLP from exactly these pods.
const (
	CollectorName = "otel-collector"
	// OtlpGrpcEndpoint is the OTLP/gRPC endpoint the services export to
	// (OTEL_EXPORTER_OTLP_ENDPOINT). internal/platform must hand the services this value.
	OtlpGrpcEndpoint = "http://" + CollectorName + "." + Namespace + ".svc.cluster.local:4317"
	// OtlpHTTPEndpoint is the same collector over OTLP/HTTP.
	OtlpHTTPEndpoint = "http://" + CollectorName + "." + Namespace + ".svc.cluster.local:4318"
)

// In-cluster addresses of the backends, fixed by the releases' fullnameOverride. Grafana's
// Prometheus data source is the one kube-prometheus-stack writes itself. Jaeger v2's chart has a
// single Service carrying OTLP and the query API alike.
const (
	lokiURL     = "http://loki-gateway." + Namespace + ".svc.cluster.local"
	jaegerQuery = "http://" + jaegerName + "." + Namespace + ".svc.cluster.local:16686"
	jaegerOtlp  = jaegerName + "." + Namespace + ".svc.cluster.local:4317"
)

// PrometheusPodLabel is the label the Prometheus operator puts on every Prometheus pod
// (app.kubernetes.io/name=prometheus): the services admit scrapes from pods carrying it.
var PrometheusPodLabel = map[string]string{"app.kubernetes.io/name": "prometheus"}
