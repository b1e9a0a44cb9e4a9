package network

import (
	"encoding/binary"
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Tier is the role a subnet plays in the network.
type Tier string

const (
	// TierPublic subnets route to the internet gateway: NAT gateways and internet-facing load balancers.
	TierPublic Tier = "public"
	// TierPrivate subnets reach the internet only through NAT: EKS nodes and pods.
	TierPrivate Tier = "private"
	// TierIsolated subnets have no route out of the VPC: databases and caches.
	TierIsolated Tier = "isolated"
)

const (
	// MinVpcPrefix is the largest VPC AWS allows (/16).
	MinVpcPrefix = 16
	// MaxVpcPrefix is the smallest VPC we accept: a /20 leaves /23 private subnets (about 500 IPs per
	// AZ), the least that holds a node group's pods when the VPC CNI gives every pod a VPC IP.
	MaxVpcPrefix = 20
	// MaxAvailabilityZones is how many AZs the layout has room for: six private blocks, plus one
	// block each shared by the public and the isolated subnets.
	MaxAvailabilityZones = 6
)

// SubnetPlan is one subnet of the layout.
type SubnetPlan struct {
	Tier             Tier
	AvailabilityZone string
	CidrBlock        string
}

// PlanSubnets carves a VPC CIDR (/16../20) into one public, one private and one isolated subnet per
// availability zone. The VPC is split in eight: blocks 0-5 are the private subnets (the big ones,
// because every pod takes a VPC IP), block 6 is split in eight again for the public subnets and
// block 7 likewise for the isolated ones. A /16 gives /19 private and /22 public and isolated
// subnets. An AZ's blocks depend only on its position, so appending an AZ never moves a subnet.
// The result lists the public subnets in AZ order, then the private, then the isolated ones.
func PlanSubnets(cidr string, azs []string) ([]SubnetPlan, error) {
	vpc, err := parseVpcCidr(cidr)
	if err != nil {
		return nil, err
	}
	if err := checkAvailabilityZones(azs); err != nil {
		return nil, err
	}
	publicBlock := subdivide(vpc, 3, 6)
	isolatedBlock := subdivide(vpc, 3, 7)

	plans := make([]SubnetPlan, 0, 3*len(azs))
	for i, az := range azs {
		plans = append(plans, SubnetPlan{TierPublic, az, subdivide(publicBlock, 3, i).String()})
	}
	for i, az := range azs {
		plans = append(plans, SubnetPlan{TierPrivate, az, subdivide(vpc, 3, i).String()})
	}
	for i, az := range azs {
		plans = append(plans, SubnetPlan{TierIsolated, az, subdivide(isolatedBlock, 3, i).String()})
	}
	return plans, nil
}

func parseVpcCidr(cidr string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(cidr)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("CidrBlock %q is not a CIDR block: %w", cidr, err)
	}
	if !p.Addr().Is4() {
		return netip.Prefix{}, fmt.Errorf("CidrBlock %q must be IPv4", cidr)
	}
	if p.Bits() < MinVpcPrefix || p.Bits() > MaxVpcPrefix {
		return netip.Prefix{}, fmt.Errorf("CidrBlock %q: prefix /%d is outside /%d../%d", cidr, p.Bits(), MinVpcPrefix, MaxVpcPrefix)
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("CidrBlock %q has host bits set (did you mean %s?)", cidr, p.Masked())
	}
	return p, nil
}

func checkAvailabilityZones(azs []string) error {
	if len(azs) == 0 {
		return fmt.Errorf("AvailabilityZones: at least one is required")
	}
	if len(azs) > MaxAvailabilityZones {
		return fmt.Errorf("AvailabilityZones: %d given, the subnet layout has room for %d", len(azs), MaxAvailabilityZones)
	}
	seen := map[string]bool{}
	for i, az := range azs {
		if az == "" {
			return fmt.Errorf("AvailabilityZones[%d] is empty", i)
		}
		if seen[az] {
			return fmt.Errorf("AvailabilityZones: %q is listed twice", az)
		}
		seen[az] = true
	}
	return nil
}

// subdivide returns block index of p split into 2^newBits equal blocks, like Terraform's cidrsubnet.
// Callers keep index < 2^newBits and p.Bits()+newBits <= 32.
func subdivide(p netip.Prefix, newBits, index int) netip.Prefix {
	bits := p.Bits() + newBits
	a4 := p.Addr().As4()
	base := binary.BigEndian.Uint32(a4[:])
	binary.BigEndian.PutUint32(a4[:], base+uint32(index)<<(32-bits))
	return netip.PrefixFrom(netip.AddrFrom4(a4), bits)
}

// subnetTags are the tags a subnet carries besides the provider's default tags. The cluster tag
// lets EKS and the AWS Load Balancer Controller discover the subnets ("shared": other clusters may
// use the VPC too); the role tags tell the controller where internet-facing and internal load
// balancers go. Isolated subnets get no role tag, so no load balancer ever lands in them.
func subnetTags(name, clusterName string, p SubnetPlan) map[string]string {
	tags := map[string]string{
		"Name":                                 fmt.Sprintf("%s-%s-%s", name, p.Tier, p.AvailabilityZone),
		"tier":                                 string(p.Tier),
		"kubernetes.io/cluster/" + clusterName: "shared",
	}
	switch p.Tier {
	case TierPublic:
		tags["kubernetes.io/role/elb"] = "1"
	case TierPrivate:
		tags["kubernetes.io/role/internal-elb"] = "1"
	}
	return tags
}

// subnets are the created subnets of each tier, in AZ order.
type subnets struct {
	public, private, isolated []*ec2.Subnet
}

func newSubnets(ctx *pulumi.Context, name, clusterName string, vpc *ec2.Vpc, plans []SubnetPlan, parent pulumi.ResourceOption) (*subnets, error) {
	s := &subnets{}
	for _, p := range plans {
		logical := fmt.Sprintf("%s-%s-%s", name, p.Tier, p.AvailabilityZone)
		subnet, err := ec2.NewSubnet(ctx, logical, &ec2.SubnetArgs{
			VpcId:            vpc.ID(),
			CidrBlock:        pulumi.String(p.CidrBlock),
			AvailabilityZone: pulumi.String(p.AvailabilityZone),
			// Off even in public subnets: load balancers and NAT gateways bring their own public
			// addresses, and an instance started there by mistake must not become reachable
			// (Security Hub EC2.15).
			MapPublicIpOnLaunch: pulumi.Bool(false),
			Tags:                pulumi.ToStringMap(subnetTags(name, clusterName, p)),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("subnet %s: %w", logical, err)
		}
		switch p.Tier {
		case TierPublic:
			s.public = append(s.public, subnet)
		case TierPrivate:
			s.private = append(s.private, subnet)
		case TierIsolated:
			s.isolated = append(s.isolated, subnet)
		}
	}
	return s, nil
}

// subnetIDs returns the IDs of subnets, in order.
func subnetIDs(subnets []*ec2.Subnet) pulumi.StringArray {
	ids := make(pulumi.StringArray, len(subnets))
	for i, s := range subnets {
		ids[i] = s.ID().ToStringOutput()
	}
	return ids
}
