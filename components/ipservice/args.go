package ipservice

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Database is the PostgreSQL endpoint and the user the service connects as. PostgreSQL
// authenticates with IAM (rds_iam): the service signs a 15-minute token as User with its own Pod
// Identity role (NewRole grants rds-db:connect on that user alone), so no password reaches the
// service and the master secret stays with RDS and components/dbusers.
type Database struct {
	// Host is the endpoint's DNS name. Required.
	Host pulumi.StringInput
	// Port is the endpoint's TCP port; also the NetworkPolicy egress port. Required.
	Port pulumi.IntInput
	// Name is the database the service connects to (DB_NAME). Required.
	Name string
	// User is the PostgreSQL role the service connects as (DB_USERNAME), normally
	// DatabaseUser(ServiceName), which components/dbusers creates. Required.
	User string
	// Ready are what the Deployments wait for before their pods start: the dbusers Job that
	// creates User (a pod connecting before its role exists fails its readiness and loops).
	// Optional.
	Ready []pulumi.Resource
	// Cidrs are the address blocks the database lives in: the NetworkPolicy egress peers (a managed
	// database is outside the cluster, so no pod selector can name it). Required.
	Cidrs []string
}

// Cache is the Redis endpoint. Redis authenticates with IAM (ElastiCache RBAC): the service signs a
// short-lived token as User with its own role, so there is no password to sync; the role (NewRole)
// gets elasticache:Connect on the replication group and the user instead.
type Cache struct {
	// Host is the primary endpoint's DNS name. Required.
	Host pulumi.StringInput
	// Port is the TLS port; also the NetworkPolicy egress port. Required.
	Port pulumi.IntInput
	// User is the ElastiCache user the service connects as. Required.
	User string
	// ReplicationGroupArn names the replication group the service signs its tokens for. Required.
	ReplicationGroupArn pulumi.StringInput
	// Cidrs are the address blocks the cache lives in. Required.
	Cidrs []string
}

// Resources are the service container's requests and limits, in the restricted quantity syntax of
// internal/quantity (CPU "500m" or "0.5"; memory and ephemeral storage "512Mi" or "1Gi").
type Resources struct {
	// CPURequest is required.
	CPURequest string
	// CPULimit is required and at least CPURequest.
	CPULimit string
	// MemoryRequest is required.
	MemoryRequest string
	// MemoryLimit is required and at least MemoryRequest.
	MemoryLimit string
	// EphemeralStorageRequest is the node disk the scheduler reserves for the container's logs
	// and /tmp. Defaults to 256Mi.
	EphemeralStorageRequest string
	// EphemeralStorageLimit is the node disk the container may use before the kubelet evicts its
	// pod; the /tmp emptyDir's sizeLimit is this minus 128Mi kept for logs (storage.go).
	// Defaults to 1Gi; at least 256Mi and at least EphemeralStorageRequest.
	EphemeralStorageLimit string
}

// Strategy is how a new version of the service reaches users.
type Strategy string

// Release strategies.
const (
	// Rolling replaces pods of one Deployment a few at a time (maxSurge 25%, maxUnavailable 0).
	Rolling Strategy = "rolling"
	// BlueGreen runs two Deployments, blue and green; the Service selects ActiveColor only.
	BlueGreen Strategy = "blueGreen"
	// Canary runs a stable and a canary Deployment behind one Service; traffic splits by replica
	// ratio (see release.go).
	Canary Strategy = "canary"
	// MeshCanary runs a stable and a canary Deployment, each behind its own Service, and an
	// HTTPRoute on the service's Service that the mesh's waypoint applies: CanaryWeight percent
	// of the requests addressed to the Service go to the canary, whatever the replica counts.
	// Needs Mesh.Enrolled (see release.go).
	MeshCanary Strategy = "meshCanary"
)

// Colors of a blue-green release.
const (
	Blue  = "blue"
	Green = "green"
)

// Release selects the release strategy.
type Release struct {
	// Strategy defaults to Rolling.
	Strategy Strategy
	// ActiveColor is the color the Service sends traffic to under BlueGreen: Blue or Green.
	// Defaults to Blue. It runs Image; the other color runs CandidateImage.
	ActiveColor string
	// CanaryWeight is the percentage of the baseline replicas (MinReplicas) that run
	// CandidateImage under Canary, 0 to 100. Defaults to 0 (a canary Deployment scaled to zero).
	CanaryWeight int
	// CandidateImage is the image of the idle color (BlueGreen) or of the canary (Canary).
	// Defaults to Image.
	CandidateImage string
}

// ServiceArgs describes one IP service.
type ServiceArgs struct {
	// ServiceName is the service's name: the namespace, Deployment, Service and service account
	// name and the app.kubernetes.io/name label. A DNS label of at most 40 characters (room for the
	// "-canary" and "-green" suffixes). Required.
	ServiceName string
	// Image is the container image by tag or digest ("<repo>:1.4.2" or "<repo>@sha256:..."); a
	// missing tag and "latest" are refused because they make a deploy unrepeatable. Required.
	Image string
	// APIPort is the port the service answers API requests on (the gateway's target). Required.
	APIPort int
	// ManagementPort serves the health probes and metrics. Defaults to APIPort.
	ManagementPort int
	// LivenessPath is the HTTP path of the startup and liveness probes. Defaults to "/health/live".
	LivenessPath string
	// ReadinessPath is the HTTP path of the readiness probe. Defaults to "/health/ready".
	ReadinessPath string
	// MetricsPath is where Prometheus scrapes, recorded as the prometheus.io/path annotation.
	// Defaults to "/metrics".
	MetricsPath string
	// Resources are the container's requests and limits. Required.
	Resources Resources
	// MinReplicas is the HPA's floor, >= 1. Defaults to 2.
	MinReplicas int
	// MaxReplicas is the HPA's ceiling, >= MinReplicas. Defaults to 2 * MinReplicas.
	MaxReplicas int
	// TargetCPUUtilization is the HPA's average CPU target in percent of the request, 1 to 100.
	// Defaults to 70.
	TargetCPUUtilization int
	// TargetMemoryUtilization is the HPA's average memory target in percent of the request, 1 to
	// 100. Defaults to 80.
	TargetMemoryUtilization int
	// Release is the release strategy. Defaults to Rolling.
	Release Release
	// FeatureFlags become environment variables FLAG_<NAME> from a ConfigMap. Names are letters,
	// digits and underscores starting with a letter. Optional.
	FeatureFlags map[string]string

	// Database is the PostgreSQL endpoint. Required.
	Database Database
	// Cache is the Redis endpoint (TLS, IAM authentication). Required.
	Cache Cache

	// OtelEndpoint is the OTLP endpoint of the OpenTelemetry collector
	// (OTEL_EXPORTER_OTLP_ENDPOINT). Required.
	OtelEndpoint string
	// GatewayCidrs are the blocks the gateway's load balancer sits in: they are admitted to the API
	// port (requests) and to the management port (the load balancer's health checks of the
	// readiness endpoint), and to nothing else. Required, unless Mesh.Edge is set: then empty.
	GatewayCidrs []string

	// SecretsRoleArn is the IAM role External Secrets assumes with the token of the service's
	// secrets service account (SecretsServiceAccount), normally the Arn of NewSecretsRole for the
	// same ServiceName. Required. The pods' own role comes through NewRole's pod identity
	// association, which the service must depend on (opts), not through an Arg.
	SecretsRoleArn pulumi.StringInput
	// Region is the AWS region of the secrets (the SecretStore's), e.g. "eu-west-1". Required.
	Region string
	// Mesh enrols the service in the ambient service mesh (mesh.go). Optional: the zero value
	// leaves it out.
	Mesh Mesh
	// After are resources the service's custom resources wait for: the External Secrets Operator and
	// VPA releases that install their CRDs. Optional.
	After []pulumi.Resource
}
