package observability

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/charts"
)

// LokiMode is how Loki is deployed.
type LokiMode string

// Loki deployment modes.
const (
	// LokiSingleBinary runs one pod with its chunks on a persistent volume: small installs, no HA.
	LokiSingleBinary LokiMode = "SingleBinary"
	// LokiSimpleScalable runs read, write and backend pods with chunks in S3.
	LokiSimpleScalable LokiMode = "SimpleScalable"
)

// TraceStorage is where Jaeger keeps spans.
type TraceStorage string

// Jaeger storage backends.
const (
	TraceStorageMemory TraceStorage = "memory"
	TraceStorageBadger TraceStorage = "badger"
)

// ScrapeTarget is one service Prometheus scrapes and alerts on.
type ScrapeTarget struct {
	// Name is the service name: its namespace's workloads carry app.kubernetes.io/name=Name, and
	// its Service is selected by that label. Required.
	Name string
	// Namespace of the service. Required.
	Namespace string
	// PortName is the name of the Service port serving metrics. Required.
	PortName string
	// Port is that port's number, for documentation and the dashboards. Required.
	Port int
	// Path is the metrics path. Defaults to "/metrics".
	Path string
	// CPULimit and MemoryLimit are the container limits the service runs with (the spec's), shown
	// on its dashboard next to the usage. Required.
	CPULimit    string
	MemoryLimit string
	// SLO is the service's objectives, defended by burn-rate alerts (slo.go). Zero fields take
	// the defaults (DefaultAvailability, ...).
	SLO SLO
}

// ObservabilityArgs describes the monitoring stack of one cluster. It creates Kubernetes objects
// only: what it reaches in AWS (Loki's bucket, the IRSA roles) is given as values, the outputs of
// NewCloudResources on EKS or any values where the stack runs elsewhere.
type ObservabilityArgs struct {
	// ClusterName labels every series (external label "cluster"). Required.
	ClusterName string
	// Region is the AWS region of Loki's bucket and the Grafana admin secret. Required.
	Region string

	// LokiBucket is the S3 bucket of Loki's chunks (CloudResources.LokiBucket), reached with the
	// Pod Identity role CloudResources associates with Loki's service account. Required when
	// LokiMode is LokiSimpleScalable; ignored in SingleBinary mode.
	LokiBucket pulumi.StringInput
	// GrafanaSecretsRoleArn is the IRSA role the Grafana SecretStore's service account assumes to
	// read GrafanaAdminSecretName (CloudResources.GrafanaSecretsRoleArn). Required.
	GrafanaSecretsRoleArn pulumi.StringInput

	// PrometheusReplicas defaults to 1. PrometheusRetentionDays defaults to 7,
	// PrometheusStorageGiB to 20.
	PrometheusReplicas      int
	PrometheusRetentionDays int
	PrometheusStorageGiB    int
	// AlertmanagerReplicas defaults to 1.
	AlertmanagerReplicas int

	// LokiMode defaults to LokiSingleBinary. LokiRetentionDays defaults to 7.
	LokiMode          LokiMode
	LokiRetentionDays int

	// TraceStorage defaults to TraceStorageMemory. TraceRetentionDays (badger only) defaults to 1,
	// TraceStorageGiB (badger only) to 5.
	TraceStorage       TraceStorage
	TraceRetentionDays int
	TraceStorageGiB    int

	// Targets are the services to scrape, alert on and chart. Required, at least one.
	Targets []ScrapeTarget

	// AlertWebhookURL is the HTTPS receiver of alerts, a Pulumi secret. Optional: nil routes every
	// alert to a "null" receiver (visible in Alertmanager and Grafana, sent nowhere).
	AlertWebhookURL pulumi.StringInput

	// GrafanaAdminSecretName is the AWS Secrets Manager secret holding {"admin-user","admin-password"}
	// for Grafana, e.g. "ip-platform/prod/grafana-admin". It must exist before the first deploy.
	// Required.
	GrafanaAdminSecretName string
	// DependsOn are resources the SecretStore and ExternalSecret wait for: the External Secrets
	// Operator release that installs their CRDs. Optional.
	DependsOn []pulumi.Resource
	// Charts installs the five Helm releases. Optional: nil installs with Helm (charts.Helm);
	// charts.Skip stands in for them where charts cannot be fetched.
	Charts charts.Installer
	// MeshEnrolled labels Prometheus's pods into the ambient service mesh (components/mesh), so
	// its scrapes carry its identity (PrometheusServiceAccount). Defaults to false.
	MeshEnrolled bool
	// RemoteWriteReceiver turns on Prometheus's remote-write receiver (/api/v1/write on
	// PrometheusWebPort), which the load tests write their results to (components/apitests).
	// Defaults to false: nothing else may write series into Prometheus.
	RemoteWriteReceiver bool
}

var (
	clusterNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,40}$`)
	regionPattern      = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)
	dnsLabel           = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
	secretNamePattern  = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]{1,512}$`)
)

// withDefaults validates args and returns a copy with the defaults filled in.
func withDefaults(name string, args *ObservabilityArgs) (ObservabilityArgs, error) {
	if args == nil {
		return ObservabilityArgs{}, fmt.Errorf("observability %s: args are required", name)
	}
	a := *args
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&a.PrometheusReplicas, 1)
	def(&a.PrometheusRetentionDays, 7)
	def(&a.PrometheusStorageGiB, 20)
	def(&a.AlertmanagerReplicas, 1)
	def(&a.LokiRetentionDays, 7)
	def(&a.TraceRetentionDays, 1)
	def(&a.TraceStorageGiB, 5)
	if a.LokiMode == "" {
		a.LokiMode = LokiSingleBinary
	}
	if a.TraceStorage == "" {
		a.TraceStorage = TraceStorageMemory
	}
	a.Targets = append([]ScrapeTarget(nil), a.Targets...)
	for i := range a.Targets {
		if a.Targets[i].Path == "" {
			a.Targets[i].Path = "/metrics"
		}
		a.Targets[i].SLO = withSLODefaults(a.Targets[i].SLO)
	}
	if err := a.validate(); err != nil {
		return ObservabilityArgs{}, fmt.Errorf("observability %s: %w", name, err)
	}
	return a, nil
}

func (a ObservabilityArgs) validate() error {
	switch {
	case !clusterNamePattern.MatchString(a.ClusterName):
		return fmt.Errorf("ClusterName %q must be lower-case letters, digits and dashes", a.ClusterName)
	case !regionPattern.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name (e.g. eu-west-1)", a.Region)
	case a.GrafanaSecretsRoleArn == nil:
		return fmt.Errorf("GrafanaSecretsRoleArn is required (the IRSA role that reads the Grafana admin secret)")
	case a.LokiMode == LokiSimpleScalable && a.LokiBucket == nil:
		return fmt.Errorf("LokiBucket is required when LokiMode is %s", LokiSimpleScalable)
	case a.PrometheusReplicas < 1 || a.PrometheusReplicas > 3:
		return fmt.Errorf("PrometheusReplicas (%d) must be between 1 and 3", a.PrometheusReplicas)
	case a.PrometheusRetentionDays < 1:
		return fmt.Errorf("PrometheusRetentionDays (%d) must be positive", a.PrometheusRetentionDays)
	case a.PrometheusStorageGiB < 10:
		return fmt.Errorf("PrometheusStorageGiB (%d) must be at least 10", a.PrometheusStorageGiB)
	case a.AlertmanagerReplicas < 1 || a.AlertmanagerReplicas > 5:
		return fmt.Errorf("AlertmanagerReplicas (%d) must be between 1 and 5", a.AlertmanagerReplicas)
	case a.LokiMode != LokiSingleBinary && a.LokiMode != LokiSimpleScalable:
		return fmt.Errorf("LokiMode %q must be %s or %s", a.LokiMode, LokiSingleBinary, LokiSimpleScalable)
	case a.LokiRetentionDays < 1:
		return fmt.Errorf("LokiRetentionDays (%d) must be positive", a.LokiRetentionDays)
	case a.TraceStorage != TraceStorageMemory && a.TraceStorage != TraceStorageBadger:
		return fmt.Errorf("TraceStorage %q must be %s or %s", a.TraceStorage, TraceStorageMemory, TraceStorageBadger)
	case a.TraceRetentionDays < 1:
		return fmt.Errorf("TraceRetentionDays (%d) must be positive", a.TraceRetentionDays)
	case a.TraceStorageGiB < 1:
		return fmt.Errorf("TraceStorageGiB (%d) must be positive", a.TraceStorageGiB)
	case len(a.Targets) == 0:
		return fmt.Errorf("Targets must list at least one service")
	case !secretNamePattern.MatchString(a.GrafanaAdminSecretName):
		return fmt.Errorf("GrafanaAdminSecretName %q is not a Secrets Manager secret name", a.GrafanaAdminSecretName)
	}
	seen := map[string]bool{}
	for i, t := range a.Targets {
		switch {
		case !dnsLabel.MatchString(t.Name):
			return fmt.Errorf("Targets[%d].Name %q must be a Kubernetes label value (lower-case RFC 1123 label)", i, t.Name)
		case seen[t.Name]:
			return fmt.Errorf("Targets[%d].Name %q is listed twice", i, t.Name)
		case !dnsLabel.MatchString(t.Namespace):
			return fmt.Errorf("Targets[%d].Namespace %q is not a Kubernetes namespace name", i, t.Namespace)
		case t.PortName == "" || len(t.PortName) > 15:
			return fmt.Errorf("Targets[%d].PortName %q must be a Service port name (1 to 15 characters)", i, t.PortName)
		case t.Port < 1 || t.Port > 65535:
			return fmt.Errorf("Targets[%d].Port (%d) must be a TCP port", i, t.Port)
		case t.Path[0] != '/':
			return fmt.Errorf("Targets[%d].Path %q must start with /", i, t.Path)
		case t.CPULimit == "" || t.MemoryLimit == "":
			return fmt.Errorf("Targets[%d]: CPULimit and MemoryLimit are required (the service's container limits)", i)
		}
		if err := validateSLO(t.SLO); err != nil {
			return fmt.Errorf("Targets[%d].%w", i, err)
		}
		seen[t.Name] = true
	}
	return nil
}
