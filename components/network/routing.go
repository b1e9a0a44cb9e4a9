package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

const anywhere = "0.0.0.0/0"

// routing is what the rest of the VPC needs from the route tables: the NAT gateways (an output) and
// the tables the S3 gateway endpoint attaches to.
type routing struct {
	natGateways        []*ec2.NatGateway
	privateRouteTables []*ec2.RouteTable // AZ order
	isolatedRouteTable *ec2.RouteTable
}

func newRouting(ctx *pulumi.Context, name string, vpc *ec2.Vpc, s *subnets, azs []string, mode NatGatewayMode, parent pulumi.ResourceOption) (*routing, error) {
	igw, err := newPublicRouting(ctx, name, vpc, s.public, azs, parent)
	if err != nil {
		return nil, err
	}
	nats, err := newNatGateways(ctx, name, igw, s.public, azs, mode, parent)
	if err != nil {
		return nil, err
	}
	private, err := newPrivateRouting(ctx, name, vpc, s.private, azs, mode, nats, parent)
	if err != nil {
		return nil, err
	}
	isolated, err := newIsolatedRouting(ctx, name, vpc, s.isolated, azs, parent)
	if err != nil {
		return nil, err
	}
	return &routing{natGateways: nats, privateRouteTables: private, isolatedRouteTable: isolated}, nil
}

// newPublicRouting attaches an internet gateway and routes the public subnets to it through one
// shared route table: the gateway is regional, so there is nothing per-AZ to route to.
func newPublicRouting(ctx *pulumi.Context, name string, vpc *ec2.Vpc, public []*ec2.Subnet, azs []string, parent pulumi.ResourceOption) (*ec2.InternetGateway, error) {
	igw, err := ec2.NewInternetGateway(ctx, name+"-igw", &ec2.InternetGatewayArgs{
		VpcId: vpc.ID(),
		Tags:  tags.Name(name + "-igw"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("internet gateway: %w", err)
	}
	table, err := newRouteTable(ctx, name+"-public-rt", vpc, parent)
	if err != nil {
		return nil, err
	}
	if _, err := ec2.NewRoute(ctx, name+"-public-default", &ec2.RouteArgs{
		RouteTableId:         table.ID(),
		DestinationCidrBlock: pulumi.String(anywhere),
		GatewayId:            igw.ID(),
	}, parent); err != nil {
		return nil, fmt.Errorf("public default route: %w", err)
	}
	for i, subnet := range public {
		if err := associate(ctx, name+"-public-"+azs[i], table, subnet, parent); err != nil {
			return nil, err
		}
	}
	return igw, nil
}

// natGatewayAZs returns the indexes of the AZs that get a NAT gateway.
func natGatewayAZs(mode NatGatewayMode, azCount int) []int {
	if mode == NatGatewaySingle {
		return []int{0}
	}
	all := make([]int, azCount)
	for i := range all {
		all[i] = i
	}
	return all
}

// natGatewayFor returns which NAT gateway (index into natGatewayAZs' result) the private subnets of
// AZ azIndex route through: their own AZ's in perAz mode, so egress survives the loss of another AZ
// and no traffic pays for crossing AZs; the only one in single mode.
func natGatewayFor(mode NatGatewayMode, azIndex int) int {
	if mode == NatGatewaySingle {
		return 0
	}
	return azIndex
}

func newNatGateways(ctx *pulumi.Context, name string, igw *ec2.InternetGateway, public []*ec2.Subnet, azs []string, mode NatGatewayMode, parent pulumi.ResourceOption) ([]*ec2.NatGateway, error) {
	// A NAT gateway (and its EIP) only works once the VPC has an attached internet gateway; without
	// the explicit dependency the engine may create them first and AWS reports the NAT as failed.
	afterIgw := pulumi.DependsOn([]pulumi.Resource{igw})
	var nats []*ec2.NatGateway
	for _, i := range natGatewayAZs(mode, len(azs)) {
		logical := name + "-nat-" + azs[i]
		eip, err := ec2.NewEip(ctx, logical, &ec2.EipArgs{
			Domain: pulumi.String("vpc"),
			Tags:   tags.Name(logical),
		}, parent, afterIgw)
		if err != nil {
			return nil, fmt.Errorf("nat gateway eip %s: %w", logical, err)
		}
		nat, err := ec2.NewNatGateway(ctx, logical, &ec2.NatGatewayArgs{
			// A VPC EIP's ID is its allocation ID.
			AllocationId: eip.ID(),
			SubnetId:     public[i].ID(),
			Tags:         tags.Name(logical),
		}, parent, afterIgw)
		if err != nil {
			return nil, fmt.Errorf("nat gateway %s: %w", logical, err)
		}
		nats = append(nats, nat)
	}
	return nats, nil
}

// newPrivateRouting gives each AZ's private subnet its own route table, so its default route can
// point at a NAT gateway in the same AZ.
func newPrivateRouting(ctx *pulumi.Context, name string, vpc *ec2.Vpc, private []*ec2.Subnet, azs []string, mode NatGatewayMode, nats []*ec2.NatGateway, parent pulumi.ResourceOption) ([]*ec2.RouteTable, error) {
	tables := make([]*ec2.RouteTable, len(private))
	for i, subnet := range private {
		table, err := newRouteTable(ctx, name+"-private-rt-"+azs[i], vpc, parent)
		if err != nil {
			return nil, err
		}
		route := name + "-private-default-" + azs[i]
		if _, err := ec2.NewRoute(ctx, route, &ec2.RouteArgs{
			RouteTableId:         table.ID(),
			DestinationCidrBlock: pulumi.String(anywhere),
			NatGatewayId:         nats[natGatewayFor(mode, i)].ID(),
		}, parent); err != nil {
			return nil, fmt.Errorf("route %s: %w", route, err)
		}
		if err := associate(ctx, name+"-private-"+azs[i], table, subnet, parent); err != nil {
			return nil, err
		}
		tables[i] = table
	}
	return tables, nil
}

// newIsolatedRouting associates the isolated subnets with a route table that has only the implicit
// local route (and the S3 gateway endpoint's prefix-list route): the data tier has no path to the
// internet. The table is explicit rather than the VPC's main table, because a subnet left on the
// main table follows whatever someone later adds to it. One table serves all AZs: there is no
// per-AZ target to route to.
func newIsolatedRouting(ctx *pulumi.Context, name string, vpc *ec2.Vpc, isolated []*ec2.Subnet, azs []string, parent pulumi.ResourceOption) (*ec2.RouteTable, error) {
	table, err := newRouteTable(ctx, name+"-isolated-rt", vpc, parent)
	if err != nil {
		return nil, err
	}
	for i, subnet := range isolated {
		if err := associate(ctx, name+"-isolated-"+azs[i], table, subnet, parent); err != nil {
			return nil, err
		}
	}
	return table, nil
}

// newRouteTable creates an empty route table. Routes are separate ec2.Route resources, never
// inline: mixing both makes the provider fight over the table's contents.
func newRouteTable(ctx *pulumi.Context, logical string, vpc *ec2.Vpc, parent pulumi.ResourceOption) (*ec2.RouteTable, error) {
	table, err := ec2.NewRouteTable(ctx, logical, &ec2.RouteTableArgs{
		VpcId: vpc.ID(),
		Tags:  tags.Name(logical),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("route table %s: %w", logical, err)
	}
	return table, nil
}

func associate(ctx *pulumi.Context, logical string, table *ec2.RouteTable, subnet *ec2.Subnet, parent pulumi.ResourceOption) error {
	if _, err := ec2.NewRouteTableAssociation(ctx, logical, &ec2.RouteTableAssociationArgs{
		RouteTableId: table.ID(),
		SubnetId:     subnet.ID(),
	}, parent); err != nil {
		return fmt.Errorf("route table association %s: %w", logical, err)
	}
	return nil
}
