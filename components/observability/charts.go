package observability

import "github.com/ip-platform/infra/internal/charts"

// Chart is one pinned Helm chart. Versions are exact: a floating version would change a
// component under a deploy that changed nothing.
type Chart = charts.Chart

// The pinned charts. Each version was read from the chart's own Chart.yaml (or CHANGELOG) in its
// upstream repository through the code search index; bump them deliberately, one per commit.
var (
	// KubePrometheusStack 88.5.3: appVersion v0.93.1 (prometheus-operator; the chart's own CRDs
	// carry operator.prometheus.io/version 0.93.1, still monitoring.coreos.com/v1), with the
	// grafana 12.11.1 (Grafana 13.2.0, from grafana-community/helm-charts, where the grafana chart
	// lives since 2026-02), kube-state-metrics 8.4.0 and prometheus-node-exporter 4.56.1 sub-charts
	// (prometheus-community/helm-charts tag kube-prometheus-stack-88.5.3, 2026-08-21; the mirror's
	// SOURCES.md). From 67.8.0, read 2026-12-02: UPGRADE.md (prometheus-community/helm-charts
	// charts/kube-prometheus-stack/UPGRADE.md, stored up to "From 72.x to 73.x") says 68 drops
	// high-cardinality apiserver/kubelet/cAdvisor series, 69-71 move the operator to v0.80-v0.82
	// (CRDs: the chart installs its own, crds.enabled, and so does the real-engine check), 72 puts
	// the webhook Deployment's PDB behind an enabled flag (that Deployment stays off), 73 removes
	// PodSecurityPolicy and old Ingress APIs (never used here). For 74-88 the values.yaml of both
	// versions were diffed for every path set here: none renamed or removed; new defaults this
	// program inherits unchanged (operator and webhook PDBs off, VPAs off, crds.upgradeJob off,
	// kube-webhook-certgen now ghcr.io/jkroepke/kube-webhook-certgen 1.8.7, still run as uid
	// 2000). No kubelet or cAdvisor series the platform rules read is among 68's drops. The grafana
	// chart's README "Upgrading" (9 to 12): 10 templates alerting files, 11 needs Kubernetes 1.25,
	// 12 runs Grafana 13 and makes a random image-renderer token while imageRenderer.enabled (set
	// off in prometheus.go); its sidecar is k8s-sidecar 2.10.1, still one sidecar.resources and
	// sidecar.securityContext for every sidecar and init-sidecar.
	// renovate: datasource=helm depName=kube-prometheus-stack registryUrl=https://prometheus-community.github.io/helm-charts
	KubePrometheusStack = charts.Pin(Chart{Name: "kube-prometheus-stack", Repo: "https://prometheus-community.github.io/helm-charts", Version: "88.5.3"})
	// Loki 7.3.0: appVersion 3.6.12, while its values.yaml pins loki.image.tag 3.6.11, which is what
	// runs (grafana/loki tag helm-loki-7.3.0, 2026-08-10, production/helm/loki; published in the
	// grafana/helm-charts gh-pages index of 2026-08-20, the mirror's SOURCES.md). Loki's release
	// notes (grafana.com/docs/loki/next/release-notes/v3-7/, read 2026-12-02) say the chart was
	// forked to grafana-community/helm-charts on 2026-03-16; the registry below still lists 7.3.0
	// as its newest loki. Crossing major 7, the values.yaml of both
	// versions were diffed for every path set here (no 7.0 upgrade page or CHANGELOG entry is in the
	// search index): none renamed or removed. Moved keys this program does not set:
	// chunksCache/resultsCache.podDisruptionBudget.maxUnavailable -> <cache>.maxUnavailable,
	// loki.storage.object_store.prefix -> storage_prefix, commonConfig.compactor_address ->
	// compactor_grpc_address; tokengen (enterprise) is gone. New and left off by default:
	// chunksCache.l2, the single-binary StatefulSet recreate job, rollout_operator. The
	// single-binary PVC retention (whenDeleted/whenScaled) became values, defaulting to Delete as
	// the template hard-coded before.
	// renovate: datasource=helm depName=loki registryUrl=https://grafana.github.io/helm-charts
	Loki = charts.Pin(Chart{Name: "loki", Repo: "https://grafana.github.io/helm-charts", Version: "7.3.0"})
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
	// OpenTelemetryCollector 0.170.0: appVersion 0.158.0, the newest release (2026-08-14; the
	// repository's gh-pages index of 2026-08-20 lists none newer). Used twice: the OTLP gateway
	// (Deployment) and the log shipper (DaemonSet). From 0.158.2 its UPGRADING.md needed nothing
	// of these values: the chart now renames the presets' filelog receiver and k8sattributes
	// processor to file_log and k8s_attributes (rewriteDeprecatedComponentNames, on by default;
	// the contrib image knows both since 0.149.0), and the removed
	// service.telemetry.metrics.address is set by neither release here, which keep the chart's
	// own metrics reader on 8888.
	// renovate: datasource=helm depName=opentelemetry-collector registryUrl=https://open-telemetry.github.io/opentelemetry-helm-charts
	OpenTelemetryCollector = charts.Pin(Chart{Name: "opentelemetry-collector", Repo: "https://open-telemetry.github.io/opentelemetry-helm-charts", Version: "0.170.0"})
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
