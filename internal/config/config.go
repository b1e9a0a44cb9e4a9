package config

import "fmt"

// Namespace is the configuration namespace of the project's own keys.
const Namespace = "ip-platform"

// Environment is the kind of stack: it selects the profile of defaults and the strictness of checks.
type Environment string

// The environments a stack can be.
const (
	Dev     Environment = "dev"
	Staging Environment = "staging"
	Prod    Environment = "prod"
)

// Environments lists the valid environments in promotion order.
var Environments = []Environment{Dev, Staging, Prod}

// NAT gateway modes for Network.NatGateways.
const (
	NatGatewaysSingle = "single" // one NAT gateway for the VPC: cheap, one AZ's outage cuts egress
	NatGatewaysPerAz  = "perAz"  // one NAT gateway per AZ: egress survives the loss of a zone
)

// Capacity types for NodePool.CapacityType, in the EKS API spelling.
const (
	OnDemand = "ON_DEMAND"
	Spot     = "SPOT"
)

// Support types for Cluster.SupportType (the cluster's upgrade policy), in the EKS API spelling.
const (
	// SupportStandard upgrades the cluster automatically at the end of standard support.
	SupportStandard = "STANDARD"
	// SupportExtended keeps the version for up to 12 more months, at $0.60 instead of $0.10 per
	// cluster hour; it is what the EKS API picks for a cluster created without an upgrade policy.
	SupportExtended = "EXTENDED"
)

// AMI families for NodePool.AmiFamily.
const (
	AmiFamilyAL2023       = "al2023"
	AmiFamilyBottlerocket = "bottlerocket"
)

// Config is the validated configuration of one stack.
type Config struct {
	Project     string
	Stack       string
	Environment Environment
	// Region is the AWS region everything is created in.
	Region string
	// AvailabilityZones are explicit so that previews never look them up.
	AvailabilityZones []string
	// VpcCidr is the VPC's IPv4 block; subnets are carved from it.
	VpcCidr   string
	Network   Network
	Cluster   Cluster
	NodePools []NodePool
	// Database, Cache and Backup are the data tier (internal/config/database.go).
	Database Database
	Cache    Cache
	Backup   Backup
	// Observability sizes the monitoring stack (internal/config/observability.go).
	Observability Observability
	// AccountID is the AWS account the stack deploys to; Services are the IP services
	// (internal/config/services.go).
	AccountID string
	Services  []Service
	// Gateway and Registry are the API gateway and the ECR repositories (internal/config/gateway.go).
	Gateway  Gateway
	Registry Registry
	// Security is GuardDuty, image scanning and security events (internal/config/security.go).
	Security Security
	// Access maps IAM roles to the cluster's personas (internal/config/access.go).
	Access Access
	// Mesh is the service mesh (internal/config/mesh.go).
	Mesh Mesh
	// LoadTest and SecurityScan are the tests of the API through its public name
	// (internal/config/apitests.go).
	LoadTest     LoadTest
	SecurityScan SecurityScan
	// Charts is where the Helm charts are installed from (internal/config/charts.go).
	Charts ChartSource
	// ExistingCluster, when set, deploys only the Kubernetes layer onto an existing cluster
	// (internal/config/existing.go); nil builds everything.
	ExistingCluster *ExistingCluster
	// Budget is the stack's monthly cost budget (internal/config/budget.go).
	Budget Budget
}

// Network holds the VPC settings that trade cost against availability.
type Network struct {
	NatGateways          string // NatGatewaysSingle or NatGatewaysPerAz
	InterfaceEndpoints   bool   // ECR, STS and CloudWatch Logs endpoints inside the VPC
	FlowLogRetentionDays int
}

// Cluster holds the EKS control-plane settings.
type Cluster struct {
	Version              string
	EndpointPublicAccess bool
	PublicAccessCidrs    []string
	AdminRoleArn         string
	LogRetentionDays     int
	AddonVersions        map[string]string
	// SupportType is the upgrade policy: SupportStandard or SupportExtended.
	SupportType string
}

// NodePool is one EKS managed node group.
type NodePool struct {
	Name           string
	InstanceTypes  []string
	CapacityType   string
	MinSize        int
	MaxSize        int
	DesiredSize    int
	MaxUnavailable int
	DiskSizeGiB    int
	// AmiFamily is AmiFamilyAL2023 or AmiFamilyBottlerocket; the architecture follows the
	// instance types.
	AmiFamily string
	Labels    map[string]string
	Taints    []Taint
}

// Taint is a Kubernetes node taint, with the effect in the EKS API spelling (NO_SCHEDULE, ...).
type Taint struct {
	Key    string
	Value  string
	Effect string
}

// ClusterName is the physical EKS cluster name: one cluster per project and stack.
func (c *Config) ClusterName() string {
	return fmt.Sprintf("%s-%s", c.Project, c.Stack)
}

// HighlyAvailable reports whether the environment runs every platform component redundantly.
func (c *Config) HighlyAvailable() bool {
	return c.Environment == Prod
}

// Tags are the tags every AWS resource carries (the AWS provider's default tags).
func (c *Config) Tags() map[string]string {
	return map[string]string{
		"project":     c.Project,
		"environment": string(c.Environment),
		"stack":       c.Stack,
		"managed-by":  "pulumi",
	}
}
