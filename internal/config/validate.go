package config

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/ip-platform/infra/internal/awslimits"
)

var (
	regionPattern       = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
	instanceTypePattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)?\.[a-z0-9]+$`)
	poolNamePattern     = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}[a-z0-9]$`)
	roleArnPattern      = regexp.MustCompile(`^arn:aws(-[a-z]+)*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$`)
	labelNamePattern    = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$`)
	labelPrefixPattern  = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$`)
)

// The largest VPC AWS allows is a /16; below /20 the private subnets get too small for the VPC CNI's
// one-IP-per-pod model.
const (
	largestVpcPrefix  = 16
	smallestVpcPrefix = 20
	maxZones          = 6 // the subnet plan carves at most six zones
)

// validate checks values against each other and against the environment's floor.
func validate(p *problems, c *Config, prof profile) {
	validateRegionAndZones(p, c, prof)
	validateVpcCidr(p, c.VpcCidr)
	validateNetwork(p, c)
	validateCluster(p, c.Cluster)
	validateNodePools(p, c)
	validateData(p, c)
	validateObservability(p, c)
	validateServices(p, c)
	validateGatewayLayer(p, c)
	validateAccess(p, c)
	validateSecurity(p, c)
	validateMesh(p, c)
	validateAPITests(p, c)
	validateCharts(p, c.Charts)
	validateExistingCluster(p, c.ExistingCluster, c)
}

func validateRegionAndZones(p *problems, c *Config, prof profile) {
	if !regionPattern.MatchString(c.Region) {
		p.add(key("region"), "must be an AWS region name such as eu-west-1, got %q", c.Region)
		return
	}
	zones := c.AvailabilityZones
	if len(zones) < prof.minAvailabilityZones {
		p.add(key("availabilityZones"), "must list at least %d zones for %s, got %d", prof.minAvailabilityZones, c.Environment, len(zones))
	}
	if len(zones) > maxZones {
		p.add(key("availabilityZones"), "must list at most %d zones, got %d", maxZones, len(zones))
	}
	for i, z := range zones {
		path := fmt.Sprintf("%s[%d]", key("availabilityZones"), i)
		suffix, inRegion := strings.CutPrefix(z, c.Region)
		switch {
		case !inRegion || len(suffix) != 1 || suffix[0] < 'a' || suffix[0] > 'z':
			p.add(path, "must be a zone of region %s such as %sa, got %q", c.Region, c.Region, z)
		case slices.Index(zones, z) != i:
			p.add(path, "repeats zone %q; each zone must appear once", z)
		}
	}
}

func validateVpcCidr(p *problems, cidr string) {
	prefix, err := netip.ParsePrefix(cidr)
	switch {
	case err != nil || !prefix.Addr().Is4():
		p.add(key("vpcCidr"), "must be an IPv4 CIDR block such as 10.20.0.0/16, got %q", cidr)
	case prefix.Masked() != prefix:
		p.add(key("vpcCidr"), "has host bits set: use %s, got %q", prefix.Masked(), cidr)
	case prefix.Bits() < largestVpcPrefix || prefix.Bits() > smallestVpcPrefix:
		p.add(key("vpcCidr"), "must have a prefix length from /%d to /%d, got /%d", largestVpcPrefix, smallestVpcPrefix, prefix.Bits())
	case !isPrivate(prefix):
		p.add(key("vpcCidr"), "must lie in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), got %q", cidr)
	}
}

func isPrivate(p netip.Prefix) bool {
	for _, r := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"} {
		if private := netip.MustParsePrefix(r); private.Bits() <= p.Bits() && private.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

func validateNetwork(p *problems, c *Config) {
	n := c.Network
	switch n.NatGateways {
	case NatGatewaysSingle:
		if c.Environment == Prod {
			p.add(key("network.natGateways"), "must be %s in prod (a single NAT gateway loses egress for every zone when its own zone fails), got %q", NatGatewaysPerAz, n.NatGateways)
		}
	case NatGatewaysPerAz:
	default:
		p.add(key("network.natGateways"), "must be one of %s, %s, got %q", NatGatewaysSingle, NatGatewaysPerAz, n.NatGateways)
	}
	validateRetention(p, key("network.flowLogRetentionDays"), n.FlowLogRetentionDays)
}

func validateRetention(p *problems, path string, days int) {
	if !awslimits.ValidLogRetention(days) {
		p.add(path, "must be a CloudWatch Logs retention (%s), got %d", awslimits.LogRetentionList(), days)
	}
}

func validateCluster(p *problems, c Cluster) {
	validateKubernetesVersion(p, c.Version)
	if c.EndpointPublicAccess && len(c.PublicAccessCidrs) == 0 {
		p.add(key("cluster.publicAccessCidrs"), "must list at least one CIDR when endpointPublicAccess is true")
	}
	if !c.EndpointPublicAccess && len(c.PublicAccessCidrs) > 0 {
		p.add(key("cluster.publicAccessCidrs"), "is set but endpointPublicAccess is false: remove it or turn public access on")
	}
	for i, cidr := range c.PublicAccessCidrs {
		path := fmt.Sprintf("%s[%d]", key("cluster.publicAccessCidrs"), i)
		prefix, err := netip.ParsePrefix(cidr)
		switch {
		case err != nil:
			p.add(path, "must be a CIDR block such as 203.0.113.0/24, got %q", cidr)
		case prefix.Bits() == 0:
			p.add(path, "must not open the API endpoint to the whole internet, got %q", cidr)
		case prefix.Masked() != prefix:
			p.add(path, "has host bits set: use %s, got %q", prefix.Masked(), cidr)
		}
	}
	if c.AdminRoleArn == "" {
		// Without it nobody, not even the deployer, could reach the Kubernetes API: the cluster
		// creator gets no implicit admin (see components/cluster).
		p.add(key("cluster.adminRoleArn"), "is required: the IAM role that administers the cluster and runs pulumi up, such as arn:aws:iam::111122223333:role/platform-admin")
	} else if !roleArnPattern.MatchString(c.AdminRoleArn) {
		p.add(key("cluster.adminRoleArn"), "must be an IAM role ARN such as arn:aws:iam::111122223333:role/platform-admin, got %q", c.AdminRoleArn)
	}
	validateRetention(p, key("cluster.logRetentionDays"), c.LogRetentionDays)
	if c.SupportType != SupportStandard && c.SupportType != SupportExtended {
		p.add(key("cluster.upgradePolicy.supportType"), "must be one of %s (upgraded automatically when standard support ends), %s (extended support, six times the hourly price), got %q",
			SupportStandard, SupportExtended, c.SupportType)
	}
}

func validateNodePools(p *problems, c *Config) {
	if len(c.NodePools) == 0 {
		p.add(key("nodePools"), "must define at least one node pool")
		return
	}
	zoneResilient := false
	for i, pool := range c.NodePools {
		validateNodePool(p, i, pool)
		if slices.IndexFunc(c.NodePools, func(o NodePool) bool { return o.Name == pool.Name }) != i {
			p.add(poolPath(i, "name"), "repeats pool name %q; names must be unique", pool.Name)
		}
		if pool.CapacityType == OnDemand && pool.MinSize >= len(c.AvailabilityZones) {
			zoneResilient = true
		}
	}
	if c.Environment == Prod && !zoneResilient {
		p.add(key("nodePools"), "must include, in prod, an ON_DEMAND pool with minSize >= %d (one node per zone survives spot reclaims and a zone outage)", len(c.AvailabilityZones))
	}
}

func validateNodePool(p *problems, i int, pool NodePool) {
	if !poolNamePattern.MatchString(pool.Name) {
		p.add(poolPath(i, "name"), "must be 2-32 lower case letters, digits or dashes starting with a letter, got %q", pool.Name)
	}
	if len(pool.InstanceTypes) == 0 {
		p.add(poolPath(i, "instanceTypes"), "must list at least one EC2 instance type such as m6i.large")
	}
	for j, t := range pool.InstanceTypes {
		if !instanceTypePattern.MatchString(t) {
			p.add(fmt.Sprintf("%s[%d]", poolPath(i, "instanceTypes"), j), "must be an EC2 instance type such as m6i.large, got %q", t)
		}
	}
	if pool.CapacityType != OnDemand && pool.CapacityType != Spot {
		p.add(poolPath(i, "capacityType"), "must be one of %s, %s, got %q", OnDemand, Spot, pool.CapacityType)
	}
	validateSizes(p, i, pool)
	if pool.AmiFamily != AmiFamilyAL2023 && pool.AmiFamily != AmiFamilyBottlerocket {
		p.add(poolPath(i, "amiFamily"), "must be one of %s, %s, got %q", AmiFamilyAL2023, AmiFamilyBottlerocket, pool.AmiFamily)
	}
	if pool.DiskSizeGiB < 20 || pool.DiskSizeGiB > 16384 {
		p.add(poolPath(i, "diskSizeGiB"), "must be from 20 to 16384 (gp3 limits; the EKS AMI needs 20), got %d", pool.DiskSizeGiB)
	}
	for k := range pool.Labels {
		if msg := labelKeyProblem(k); msg != "" {
			p.add(poolPath(i, "labels."+k), "%s", msg)
		}
	}
	for j, t := range pool.Taints {
		path := fmt.Sprintf("%s[%d]", poolPath(i, "taints"), j)
		if msg := labelKeyProblem(t.Key); msg != "" {
			p.add(path+".key", "%s", msg)
		}
		if !slices.Contains([]string{"NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"}, t.Effect) {
			p.add(path+".effect", "must be one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE, got %q", t.Effect)
		}
	}
}

func validateSizes(p *problems, i int, pool NodePool) {
	if pool.MinSize < 0 {
		p.add(poolPath(i, "minSize"), "must be >= 0, got %d", pool.MinSize)
	}
	if pool.MaxSize < 1 {
		p.add(poolPath(i, "maxSize"), "must be >= 1, got %d", pool.MaxSize)
	} else if pool.MaxSize < pool.MinSize {
		p.add(poolPath(i, "maxSize"), "must be >= minSize (%d), got %d", pool.MinSize, pool.MaxSize)
	}
	if pool.DesiredSize < pool.MinSize || pool.DesiredSize > pool.MaxSize {
		p.add(poolPath(i, "desiredSize"), "must be between minSize (%d) and maxSize (%d), got %d", pool.MinSize, pool.MaxSize, pool.DesiredSize)
	}
	if pool.MaxUnavailable < 1 || pool.MaxUnavailable > max(pool.MaxSize, 1) {
		p.add(poolPath(i, "maxUnavailable"), "must be from 1 to maxSize (%d), got %d", pool.MaxSize, pool.MaxUnavailable)
	}
}

// labelKeyProblem checks a Kubernetes label or taint key: an optional DNS-subdomain prefix and a
// name of up to 63 characters. EKS refuses the kubernetes.io and k8s.io prefixes on node groups.
func labelKeyProblem(k string) string {
	prefix, name, hasPrefix := strings.Cut(k, "/")
	if !hasPrefix {
		name, prefix = prefix, ""
	}
	switch {
	case !labelNamePattern.MatchString(name):
		return fmt.Sprintf("key %q must be a Kubernetes label name (up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric)", k)
	case hasPrefix && !labelPrefixPattern.MatchString(prefix):
		return fmt.Sprintf("key %q must have a DNS subdomain prefix", k)
	case hasPrefix && (strings.HasSuffix(prefix, "kubernetes.io") || strings.HasSuffix(prefix, "k8s.io")):
		return fmt.Sprintf("key %q uses a prefix reserved for Kubernetes (kubernetes.io, k8s.io)", k)
	}
	return ""
}
