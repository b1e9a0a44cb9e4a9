package config

import (
	"slices"
	"strings"

	"github.com/ip-platform/infra/internal/eksversions"
)

// Key documents one configuration key: the README's config reference and Pulumi.yaml's project
// config block are both kept in step with this list by tests.
type Key struct {
	// Name is the key without the namespace; nested fields use dots ("cluster.version").
	Name string
	// Type is the Pulumi project config type: string, integer, boolean, array or object; a field of
	// an object key may also be a number (fractional), which Pulumi.yaml never declares.
	Type string
	// Items is the element type of an array.
	Items       string
	Description string
	// Default says in words what an unset key means ("required", a value, or per environment).
	Default string
	// ProjectDefault is the default declared in Pulumi.yaml; nil means the key is required there.
	// Objects default to {} and lists to [] there, meaning "the environment profile's values".
	ProjectDefault any
}

// TopLevel reports whether the key is a namespace key rather than a field of an object key.
func (k Key) TopLevel() bool { return !strings.Contains(k.Name, ".") }

// Keys lists every configuration key the program reads, in reading order. Each layer of the
// platform documents its own keys in its own file and adds one line here.
func Keys() []Key {
	return slices.Concat(
		foundationKeys(),
		databaseKeys(),
		observabilityKeys(),
		servicesKeys(),
		sloKeys(),
		gatewayLayerKeys(),
		accessKeys(),
		securityKeys(),
		meshKeys(),
		apiTestsKeys(),
		chartsKeys(),
		existingClusterKeys(),
		budgetKeys(),
	)
}

// foundationKeys are the keys of the network, the cluster and the node pools.
func foundationKeys() []Key {
	return []Key{
		{Name: "environment", Type: "string", Default: "required",
			Description: "Environment profile: dev, staging or prod. Selects defaults and how strict the checks are."},
		{Name: "region", Type: "string", Default: "required",
			Description: "AWS region, e.g. eu-west-1."},
		{Name: "availabilityZones", Type: "array", Items: "string", Default: "required",
			Description: "Availability zones in the region, listed explicitly so previews never look them up. dev and staging need 2, prod 3."},
		{Name: "vpcCidr", Type: "string", Default: "required",
			Description: "Private IPv4 block of the VPC, /16 to /20; subnets are carved from it."},

		{Name: "network", Type: "object", ProjectDefault: map[string]any{}, Default: "environment profile",
			Description: "VPC settings that trade cost against availability (fields below)."},
		{Name: "network.natGateways", Type: "string", Default: "dev: single; staging, prod: perAz",
			Description: "single (one NAT gateway) or perAz (one per zone). prod must use perAz."},
		{Name: "network.interfaceEndpoints", Type: "boolean", Default: "dev: false; staging, prod: true",
			Description: "Create ECR api/dkr, STS and CloudWatch Logs interface endpoints in the VPC."},
		{Name: "network.flowLogRetentionDays", Type: "integer", Default: "dev: 7; staging: 30; prod: 365",
			Description: "Retention of the VPC flow logs, a CloudWatch Logs retention value."},

		{Name: "cluster", Type: "object", ProjectDefault: map[string]any{}, Default: "environment profile",
			Description: "EKS control-plane settings (fields below)."},
		{Name: "cluster.version", Type: "string", Default: DefaultKubernetesVersion,
			Description: "Kubernetes minor version of the EKS cluster, one of " + strings.Join(eksversions.Versions(), ", ") + " (the rows of internal/eksversions, which pins each one's add-on versions). EKS upgrades one minor at a time."},
		{Name: "cluster.endpointPublicAccess", Type: "boolean", Default: "false",
			Description: "Expose the API endpoint publicly (the private endpoint is always on). Needs publicAccessCidrs."},
		{Name: "cluster.publicAccessCidrs", Type: "array", Items: "string", Default: "[]",
			Description: "Allow-list of CIDRs for the public endpoint; 0.0.0.0/0 is refused."},
		{Name: "cluster.adminRoleArn", Type: "string", Default: "required",
			Description: "IAM role given cluster admin through an EKS access entry: the role that runs pulumi up. The cluster creator gets no implicit admin."},
		{Name: "cluster.logRetentionDays", Type: "integer", Default: "dev: 7; staging: 30; prod: 365",
			Description: "Retention of the control-plane logs (api, audit, authenticator)."},
		{Name: "cluster.addonVersions", Type: "object", Default: "internal/eksversions' row of cluster.version",
			Description: "Add-on versions by add-on name that override the version table's, e.g. {coredns: v1.14.3-eksbuild.3}: for a hotfix build; the table is where an upgrade changes them."},
		{Name: "cluster.upgradePolicy.supportType", Type: "string", Default: SupportStandard,
			Description: "What EKS does when the version leaves standard support: STANDARD upgrades the cluster to the next version, EXTENDED keeps it up to 12 months more at six times the hourly price (the EKS API's own default). The policy pack flags EXTENDED."},

		{Name: "nodePools", Type: "array", Items: "object", ProjectDefault: []any{}, Default: "environment profile",
			Description: "EKS managed node groups, each spanning every zone (fields below). Empty means the profile's pools."},
		{Name: "nodePools[].name", Type: "string", Default: "required",
			Description: "Pool name: lower case letters, digits and dashes, unique."},
		{Name: "nodePools[].instanceTypes", Type: "array", Items: "string", Default: "required",
			Description: "EC2 instance types such as m6i.large; Graviton types get the ARM AMI."},
		{Name: "nodePools[].capacityType", Type: "string", Default: OnDemand,
			Description: "ON_DEMAND or SPOT."},
		{Name: "nodePools[].minSize", Type: "integer", Default: "required",
			Description: "Fewest nodes, >= 0."},
		{Name: "nodePools[].maxSize", Type: "integer", Default: "required",
			Description: "Most nodes, >= 1 and >= minSize."},
		{Name: "nodePools[].desiredSize", Type: "integer", Default: "minSize",
			Description: "Nodes at creation, between minSize and maxSize; the autoscaler owns it afterwards."},
		{Name: "nodePools[].maxUnavailable", Type: "integer", Default: "1",
			Description: "Nodes replaced at once during a rolling update, 1 to maxSize."},
		{Name: "nodePools[].diskSizeGiB", Type: "integer", Default: "50",
			Description: "Encrypted gp3 volume for images, logs and emptyDir (the root volume on al2023, the data volume on bottlerocket), 20 to 16384."},
		{Name: "nodePools[].amiFamily", Type: "string", Default: AmiFamilyAL2023,
			Description: "al2023 or bottlerocket: the EKS-optimized Amazon Linux 2023 or Bottlerocket AMI, x86_64 or ARM by the instance types. Changing it replaces the pool's node group."},
		{Name: "nodePools[].labels", Type: "object", Default: "{}",
			Description: "Kubernetes node labels."},
		{Name: "nodePools[].taints", Type: "array", Items: "object", Default: "[]",
			Description: "Node taints: {key, value, effect: NO_SCHEDULE | NO_EXECUTE | PREFER_NO_SCHEDULE}."},
	}
}

// isKnownTopLevel reports whether name (without namespace) is a key of the program.
func isKnownTopLevel(name string) bool {
	for _, k := range Keys() {
		if k.TopLevel() && k.Name == name {
			return true
		}
	}
	return false
}

func topLevelNames() []string {
	var names []string
	for _, k := range Keys() {
		if k.TopLevel() {
			names = append(names, k.Name)
		}
	}
	return names
}
