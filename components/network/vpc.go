package network

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/awslimits"
	"github.com/ip-platform/infra/internal/tags"
)

// NatGatewayMode says how many NAT gateways carry the private subnets' egress.
type NatGatewayMode string

const (
	// NatGatewayPerAz puts one NAT gateway in each AZ: an AZ outage never cuts the egress of the
	// others (prod).
	NatGatewayPerAz NatGatewayMode = "perAz"
	// NatGatewaySingle puts one NAT gateway in the first AZ: cheaper, but a single point of failure
	// for all egress (dev).
	NatGatewaySingle NatGatewayMode = "single"
)

// VpcArgs configures a Vpc.
type VpcArgs struct {
	// CidrBlock is the VPC's IPv4 range, a /16 to /20 without host bits (e.g. "10.0.0.0/16").
	// Required.
	CidrBlock string
	// AvailabilityZones are the AZ names to spread the subnets over, 1 to 6 of them, all in Region
	// (e.g. "eu-west-1a"). The order fixes each AZ's subnet blocks: append, never reorder. Required.
	AvailabilityZones []string
	// Region is the AWS region of the VPC (e.g. "eu-west-1"), used for endpoint service names.
	// Required.
	Region string
	// ClusterName is the EKS cluster that uses the subnets: they are tagged
	// kubernetes.io/cluster/<ClusterName>=shared. Required.
	ClusterName string
	// NatGateways is how many NAT gateways to run. Defaults to NatGatewayPerAz.
	NatGateways NatGatewayMode
	// InterfaceEndpoints adds ECR (api, dkr), STS and CloudWatch Logs interface endpoints to the
	// private subnets. Defaults to false.
	InterfaceEndpoints bool
	// FlowLogRetentionDays is how long CloudWatch Logs keeps the VPC flow logs; one of the values
	// CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ... 3653). Defaults to 30.
	FlowLogRetentionDays int
}

// Vpc is a multi-AZ network with public, private and isolated subnet tiers.
type Vpc struct {
	pulumi.ResourceState

	VpcID     pulumi.IDOutput
	CidrBlock pulumi.StringOutput
	// PublicSubnetIDs, PrivateSubnetIDs and IsolatedSubnetIDs hold one subnet per AZ, in the order
	// of VpcArgs.AvailabilityZones.
	PublicSubnetIDs   pulumi.StringArrayOutput
	PrivateSubnetIDs  pulumi.StringArrayOutput
	IsolatedSubnetIDs pulumi.StringArrayOutput
	// NatGatewayIDs are the NAT gateways, in AZ order: one per AZ, or one in the first AZ.
	NatGatewayIDs pulumi.StringArrayOutput
}

// NewVpc builds the VPC, its subnets, routing, flow logs and endpoints.
func NewVpc(ctx *pulumi.Context, name string, args *VpcArgs, opts ...pulumi.ResourceOption) (*Vpc, error) {
	if args == nil {
		return nil, fmt.Errorf("network %s: args are required", name)
	}
	a := args.withDefaults()
	plans, err := a.validate()
	if err != nil {
		return nil, fmt.Errorf("network %s: %w", name, err)
	}

	comp := &Vpc{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:network:Vpc", name, pulumi.Map{
		"cidrBlock":            pulumi.String(a.CidrBlock),
		"availabilityZones":    pulumi.ToStringArray(a.AvailabilityZones),
		"region":               pulumi.String(a.Region),
		"clusterName":          pulumi.String(a.ClusterName),
		"natGateways":          pulumi.String(string(a.NatGateways)),
		"interfaceEndpoints":   pulumi.Bool(a.InterfaceEndpoints),
		"flowLogRetentionDays": pulumi.Int(a.FlowLogRetentionDays),
	}, comp, opts...); err != nil {
		return nil, err
	}
	// Every child is parented: previews show a tree, and the provider and its default tags flow
	// down from the caller's options.
	parent := pulumi.Parent(comp)

	vpc, err := ec2.NewVpc(ctx, name, &ec2.VpcArgs{
		CidrBlock: pulumi.String(a.CidrBlock),
		// Both are needed for interface endpoints' private DNS and for EKS nodes to register by
		// their private DNS names.
		EnableDnsSupport:   pulumi.Bool(true),
		EnableDnsHostnames: pulumi.Bool(true),
		Tags:               tags.Name(name),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("network %s: vpc: %w", name, err)
	}
	if err := build(ctx, name, a, plans, vpc, comp, parent); err != nil {
		return nil, fmt.Errorf("network %s: %w", name, err)
	}
	return comp, ctx.RegisterResourceOutputs(comp, pulumi.Map{
		"vpcId":             comp.VpcID,
		"cidrBlock":         comp.CidrBlock,
		"publicSubnetIds":   comp.PublicSubnetIDs,
		"privateSubnetIds":  comp.PrivateSubnetIDs,
		"isolatedSubnetIds": comp.IsolatedSubnetIDs,
		"natGatewayIds":     comp.NatGatewayIDs,
	})
}

// build creates everything inside the VPC and fills the component's outputs.
func build(ctx *pulumi.Context, name string, a VpcArgs, plans []SubnetPlan, vpc *ec2.Vpc, comp *Vpc, parent pulumi.ResourceOption) error {
	if err := adoptDefaultSecurityGroup(ctx, name, vpc, parent); err != nil {
		return err
	}
	subnets, err := newSubnets(ctx, name, a.ClusterName, vpc, plans, parent)
	if err != nil {
		return err
	}
	routes, err := newRouting(ctx, name, vpc, subnets, a.AvailabilityZones, a.NatGateways, parent)
	if err != nil {
		return err
	}
	if err := newFlowLogs(ctx, name, vpc, a.FlowLogRetentionDays, parent); err != nil {
		return err
	}
	if err := newS3GatewayEndpoint(ctx, name, a.Region, vpc, append(slices.Clone(routes.privateRouteTables), routes.isolatedRouteTable), parent); err != nil {
		return err
	}
	if a.InterfaceEndpoints {
		if err := newInterfaceEndpoints(ctx, name, a.Region, a.CidrBlock, vpc, subnets.private, parent); err != nil {
			return err
		}
	}

	natIDs := make(pulumi.StringArray, len(routes.natGateways))
	for i, nat := range routes.natGateways {
		natIDs[i] = nat.ID().ToStringOutput()
	}
	comp.VpcID = vpc.ID()
	comp.CidrBlock = vpc.CidrBlock
	comp.PublicSubnetIDs = subnetIDs(subnets.public).ToStringArrayOutput()
	comp.PrivateSubnetIDs = subnetIDs(subnets.private).ToStringArrayOutput()
	comp.IsolatedSubnetIDs = subnetIDs(subnets.isolated).ToStringArrayOutput()
	comp.NatGatewayIDs = natIDs.ToStringArrayOutput()
	return nil
}

// adoptDefaultSecurityGroup takes over the security group AWS creates with every VPC and leaves it
// without rules: anything attached to it by default (or by mistake) can neither send nor receive
// (CIS AWS Foundations 5.4). The provider removes its rules when it adopts it.
func adoptDefaultSecurityGroup(ctx *pulumi.Context, name string, vpc *ec2.Vpc, parent pulumi.ResourceOption) error {
	logical := name + "-default"
	if _, err := ec2.NewDefaultSecurityGroup(ctx, logical, &ec2.DefaultSecurityGroupArgs{
		VpcId: vpc.ID(),
		Tags:  tags.Name(logical + "-do-not-use"),
	}, parent); err != nil {
		return fmt.Errorf("default security group: %w", err)
	}
	return nil
}

// withDefaults returns a copy of the args with defaults filled; the caller's struct is untouched.
func (a VpcArgs) withDefaults() VpcArgs {
	a.AvailabilityZones = slices.Clone(a.AvailabilityZones)
	if a.NatGateways == "" {
		a.NatGateways = NatGatewayPerAz
	}
	if a.FlowLogRetentionDays == 0 {
		a.FlowLogRetentionDays = DefaultFlowLogRetentionDays
	}
	return a
}

// validate checks defaulted args and returns the subnet layout; every error names the field.
func (a VpcArgs) validate() ([]SubnetPlan, error) {
	// AWS region names: "eu-west-1", "us-gov-west-1", "ap-southeast-3".
	if !regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`).MatchString(a.Region) {
		return nil, fmt.Errorf("Region %q is not an AWS region name such as eu-west-1", a.Region)
	}
	// EKS cluster names: 1-100 characters, alphanumerics, hyphens and underscores.
	if !regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$`).MatchString(a.ClusterName) {
		return nil, fmt.Errorf("ClusterName %q is not a valid EKS cluster name", a.ClusterName)
	}
	plans, err := PlanSubnets(a.CidrBlock, a.AvailabilityZones)
	if err != nil {
		return nil, err
	}
	for _, az := range a.AvailabilityZones {
		// AZ names are the region name plus a suffix ("eu-west-1a", "us-west-2-lax-1a").
		if !strings.HasPrefix(az, a.Region) || len(az) == len(a.Region) {
			return nil, fmt.Errorf("AvailabilityZones: %q is not in Region %s", az, a.Region)
		}
	}
	if a.NatGateways != NatGatewayPerAz && a.NatGateways != NatGatewaySingle {
		return nil, fmt.Errorf("NatGateways %q must be %q or %q", a.NatGateways, NatGatewayPerAz, NatGatewaySingle)
	}
	if !validRetentionDays(a.FlowLogRetentionDays) {
		return nil, fmt.Errorf("FlowLogRetentionDays %d is not a CloudWatch Logs retention period (%s)", a.FlowLogRetentionDays, awslimits.LogRetentionList())
	}
	return plans, nil
}
