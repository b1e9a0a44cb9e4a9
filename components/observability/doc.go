// Package observability builds the platform's monitoring stack in the "observability" namespace,
// which enforces the restricted Pod Security level (every chart pod gets a restricted
// securityContext, security.go), and the two node agents that need the host, node-exporter and the
// log shipper, in "observability-agents", which enforces privileged and warns and audits at
// restricted:
//
//   - kube-prometheus-stack: the Prometheus operator, Prometheus (replicas, retention and volume
//     size from Args), Alertmanager (routes by severity to one webhook receiver, or to a "null"
//     receiver when none is configured), Grafana (admin credentials from AWS Secrets Manager
//     through an External Secrets Operator SecretStore of its own; Prometheus, Loki and Jaeger
//     datasources provisioned), kube-state-metrics and node-exporter;
//   - Loki: one pod on a volume in SingleBinary mode (dev), or read, write and backend pods with
//     chunks in an S3 bucket reached through a Pod Identity role in SimpleScalable mode;
//   - the log shipper: an OpenTelemetry Collector DaemonSet (the same pinned chart as the gateway)
//     that tails every pod's log files and pushes them to Loki's OTLP endpoint;
//   - Jaeger v2, one pod (Service jaeger) with OTLP ingest, in memory (dev) or on badger with a
//     persistent volume, configured by a typed Jaeger/collector configuration (jaegerconfig.go);
//   - the OpenTelemetry Collector gateway, Service otel-collector: the services send OTLP to
//     OtlpGrpcEndpoint; traces go on to Jaeger, metrics are exposed for Prometheus to scrape;
//   - per service: a PodMonitor for its metrics port (each pod one target, whichever Services
//     select it), a PrometheusRule (absent or down, 5xx ratio, p99 latency, restarts, CPU
//     throttling, memory near its limit, and the multiwindow burn-rate alerts of its availability
//     and latency objectives, slo.go) and a Grafana dashboard; platform rules (node not ready,
//     volume filling, HPA at max) and an overview. Every alert carries promtool cases
//     (rulecases.go, slocases.go) that `make rules` runs;
//   - the alert webhook's URL in a Secret Alertmanager mounts.
//
// The stack is split in two components so its Kubernetes side runs against any cluster:
//
//   - NewCloudResources (ip-platform:observability:CloudResources) creates what the stack uses in
//     AWS: Loki's KMS-encrypted chunk bucket and Pod Identity role (SimpleScalable only), the
//     IRSA role External Secrets reads the Grafana admin secret with (the one IRSA consumer left,
//     components/podidentity), and the SNS subscriptions that forward the data tier's
//     CloudWatch alarms to the alert webhook. Pass it the AWS provider.
//   - NewObservability (ip-platform:observability:Observability) creates the namespaces, the
//     releases and every Kubernetes object, taking the bucket and role ARNs as values (on EKS,
//     CloudResources' outputs). Pass it the Kubernetes provider. Its charts go through
//     internal/charts (Args.Charts), so they can be skipped where they cannot be fetched.
//
// Chart values are built as typed Go by pure functions (prometheus.go, loki.go, jaeger.go,
// otel.go), dashboards as Go structs marshalled to JSON (dashboards.go). Every container the
// charts run gets CPU and memory requests and limits (sizing.go).
package observability
