package observability

// Resources are one container's requests and limits, as Kubernetes quantities. Every container
// the charts run gets both: the namespace has no LimitRange to catch one that forgot.
type Resources struct {
	CPURequest, MemoryRequest, CPULimit, MemoryLimit string
}

// values is the chart form shared by every chart: {requests: {cpu, memory}, limits: {...}}.
func (r Resources) values() map[string]any {
	return map[string]any{
		"requests": map[string]any{"cpu": r.CPURequest, "memory": r.MemoryRequest},
		"limits":   map[string]any{"cpu": r.CPULimit, "memory": r.MemoryLimit},
	}
}

func res(cpuReq, memReq, cpuLim, memLim string) Resources {
	return Resources{CPURequest: cpuReq, MemoryRequest: memReq, CPULimit: cpuLim, MemoryLimit: memLim}
}

// Sizes of the stack's containers. Prometheus memory grows with active series: three services
// and the cluster's own metrics are a few hundred thousand series, which 2Gi holds with room.
var (
	sizePrometheus       = res("500m", "2Gi", "2", "4Gi")
	sizeAlertmanager     = res("50m", "128Mi", "200m", "256Mi")
	sizeOperator         = res("100m", "128Mi", "500m", "256Mi")
	sizeConfigReloader   = res("10m", "32Mi", "100m", "64Mi")
	sizeWebhookPatch     = res("10m", "32Mi", "100m", "64Mi")
	sizeGrafana          = res("100m", "256Mi", "500m", "512Mi")
	sizeGrafanaSidecar   = res("20m", "64Mi", "100m", "128Mi")
	sizeKubeStateMetrics = res("50m", "128Mi", "200m", "256Mi")
	sizeNodeExporter     = res("20m", "32Mi", "200m", "64Mi")

	sizeLokiSingle      = res("250m", "512Mi", "1", "1Gi")
	sizeLokiWrite       = res("250m", "1Gi", "1", "2Gi")
	sizeLokiRead        = res("250m", "512Mi", "1", "1Gi")
	sizeLokiBackend     = res("100m", "256Mi", "500m", "512Mi")
	sizeLokiGateway     = res("50m", "64Mi", "200m", "128Mi")
	sizeMemcached       = res("100m", "1229Mi", "500m", "1229Mi") // allocatedMemory 1024 MB plus 20% overhead, as the chart computes
	sizeMemcachedExport = res("10m", "32Mi", "50m", "64Mi")
	sizeLokiSidecar     = res("10m", "32Mi", "100m", "64Mi")

	sizeJaegerMemory = res("100m", "512Mi", "500m", "1Gi")
	sizeJaegerBadger = res("200m", "512Mi", "1", "2Gi")

	sizeCollector = res("200m", "256Mi", "1", "512Mi")
	sizeLogAgent  = res("100m", "128Mi", "500m", "256Mi")
)

// memcachedAllocatedMB is the cache size Loki's chunks and results caches get; the chart's default
// (8 GiB for chunks) would not fit on the general pool's nodes.
const memcachedAllocatedMB = 1024
