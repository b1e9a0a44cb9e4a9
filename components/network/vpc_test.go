package network

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	typeSubnet      = "aws:ec2/subnet:Subnet"
	typeRoute       = "aws:ec2/route:Route"
	typeRouteTable  = "aws:ec2/routeTable:RouteTable"
	typeAssociation = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typeNatGateway  = "aws:ec2/natGateway:NatGateway"
	typeEip         = "aws:ec2/eip:Eip"
	typeEndpoint    = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeSG          = "aws:ec2/securityGroup:SecurityGroup"
)

// testAZs are the AZs of the prod-like test VPC.
func testAZs() []string { return []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"} }

func prodArgs() *VpcArgs {
	return &VpcArgs{
		CidrBlock:         "10.0.0.0/16",
		AvailabilityZones: testAZs(),
		Region:            "eu-west-1",
		ClusterName:       "ip-prod",
	}
}

// runVpc runs NewVpc named "prod" under the offline mocks.
func runVpc(t *testing.T, args *VpcArgs) (*offline.Mocks, *Vpc) {
	t.Helper()
	var vpc *Vpc
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		vpc, err = NewVpc(ctx, "prod", args)
		return err
	})
	return m, vpc
}

func TestVpcHasDnsAndIsTheParentOfEverything(t *testing.T) {
	m, _ := runVpc(t, prodArgs())

	comps := m.OfType("ip-platform:network:Vpc")
	require.Len(t, comps, 1, "one network component")
	vpc := offlinetest.Must(t, m, "aws:ec2/vpc:Vpc", "prod")
	assert.Equal(t, "10.0.0.0/16", vpc.Input("cidrBlock"))
	assert.Equal(t, true, vpc.Input("enableDnsHostnames"), "EKS nodes and private DNS need DNS hostnames")
	assert.Equal(t, true, vpc.Input("enableDnsSupport"), "private DNS for endpoints needs DNS support")
	assert.Equal(t, "prod", vpc.Input("tags.Name"))

	for _, r := range m.Resources() {
		if !r.Custom {
			continue
		}
		assert.Equal(t, comps[0].URN, r.Parent, "%s %s should be a child of the network component", r.Type, r.Name)
		assert.True(t, strings.HasPrefix(r.Name, "prod"), "%s %s should be named after the component", r.Type, r.Name)
	}
}

func TestVpcHasThreeTiersInEveryAz(t *testing.T) {
	m, _ := runVpc(t, prodArgs())

	want := map[string]string{
		"prod-public-eu-west-1a": "10.0.192.0/22", "prod-public-eu-west-1b": "10.0.196.0/22", "prod-public-eu-west-1c": "10.0.200.0/22",
		"prod-private-eu-west-1a": "10.0.0.0/19", "prod-private-eu-west-1b": "10.0.32.0/19", "prod-private-eu-west-1c": "10.0.64.0/19",
		"prod-isolated-eu-west-1a": "10.0.224.0/22", "prod-isolated-eu-west-1b": "10.0.228.0/22", "prod-isolated-eu-west-1c": "10.0.232.0/22",
	}
	require.Len(t, m.OfType(typeSubnet), len(want), "3 tiers x 3 AZs")
	for _, tier := range []string{"public", "private", "isolated"} {
		for _, az := range testAZs() {
			name := "prod-" + tier + "-" + az
			s := offlinetest.Must(t, m, typeSubnet, name)
			assert.Equal(t, want[name], s.Input("cidrBlock"), "CIDR of %s", name)
			assert.Equal(t, az, s.Input("availabilityZone"), "AZ of %s", name)
			assert.Equal(t, "prod-id", s.Input("vpcId"), "%s should be in the VPC", name)
			assert.Equal(t, false, s.Input("mapPublicIpOnLaunch"), "%s must not hand out public IPs", name)
			assert.Equal(t, name, s.Input("tags.Name"))
			assert.Equal(t, tier, s.Input("tags.tier"))
			assert.Equal(t, "shared", s.Input(`tags["kubernetes.io/cluster/ip-prod"]`), "%s should be discoverable by the cluster", name)
			elb, internal := s.Input(`tags["kubernetes.io/role/elb"]`), s.Input(`tags["kubernetes.io/role/internal-elb"]`)
			switch tier {
			case "public":
				assert.Equal(t, "1", elb, "internet-facing load balancers go in %s", name)
				assert.Nil(t, internal)
			case "private":
				assert.Equal(t, "1", internal, "internal load balancers go in %s", name)
				assert.Nil(t, elb)
			default:
				assert.Nil(t, elb, "no load balancer may land in %s", name)
				assert.Nil(t, internal, "no load balancer may land in %s", name)
			}
		}
	}
}

func TestPublicSubnetsRouteToTheInternetGateway(t *testing.T) {
	m, _ := runVpc(t, prodArgs())

	igw := offlinetest.Must(t, m, "aws:ec2/internetGateway:InternetGateway", "prod-igw")
	assert.Equal(t, "prod-id", igw.Input("vpcId"))
	route := offlinetest.Must(t, m, typeRoute, "prod-public-default")
	assert.Equal(t, "prod-public-rt-id", route.Input("routeTableId"))
	assert.Equal(t, "0.0.0.0/0", route.Input("destinationCidrBlock"))
	assert.Equal(t, "prod-igw-id", route.Input("gatewayId"))
	for _, az := range testAZs() {
		a := offlinetest.Must(t, m, typeAssociation, "prod-public-"+az)
		assert.Equal(t, "prod-public-rt-id", a.Input("routeTableId"))
		assert.Equal(t, "prod-public-"+az+"-id", a.Input("subnetId"))
	}
}

func TestPerAzNatGatewaysServeTheirOwnAz(t *testing.T) {
	m, vpc := runVpc(t, prodArgs()) // NatGateways defaults to perAz

	require.Len(t, m.OfType(typeNatGateway), 3, "one NAT gateway per AZ")
	require.Len(t, m.OfType(typeEip), 3, "one EIP per NAT gateway")
	require.Len(t, m.OfType(typeRouteTable), 5, "public, 3 private, isolated route tables")
	var wantIDs []string
	for _, az := range testAZs() {
		nat := offlinetest.Must(t, m, typeNatGateway, "prod-nat-"+az)
		assert.Equal(t, "prod-public-"+az+"-id", nat.Input("subnetId"), "NAT gateway of %s should sit in that AZ's public subnet", az)
		assert.Equal(t, "prod-nat-"+az+"-id", nat.Input("allocationId"), "NAT gateway of %s should use its own EIP", az)
		assert.Contains(t, nat.DependsOn, offlinetest.Must(t, m, "aws:ec2/internetGateway:InternetGateway", "prod-igw").URN)
		assert.Equal(t, "vpc", offlinetest.Must(t, m, typeEip, "prod-nat-"+az).Input("domain"))

		table := offlinetest.Must(t, m, typeRouteTable, "prod-private-rt-"+az)
		assert.Equal(t, "prod-id", table.Input("vpcId"))
		route := offlinetest.Must(t, m, typeRoute, "prod-private-default-"+az)
		assert.Equal(t, "prod-private-rt-"+az+"-id", route.Input("routeTableId"))
		assert.Equal(t, "0.0.0.0/0", route.Input("destinationCidrBlock"))
		assert.Equal(t, "prod-nat-"+az+"-id", route.Input("natGatewayId"), "private subnets of %s must egress through their own AZ's NAT gateway", az)
		assoc := offlinetest.Must(t, m, typeAssociation, "prod-private-"+az)
		assert.Equal(t, "prod-private-rt-"+az+"-id", assoc.Input("routeTableId"))
		assert.Equal(t, "prod-private-"+az+"-id", assoc.Input("subnetId"))
		wantIDs = append(wantIDs, "prod-nat-"+az+"-id")
	}
	assert.Equal(t, wantIDs, offlinetest.Await(t, vpc.NatGatewayIDs))
}

func TestSingleNatGatewayServesAllAzs(t *testing.T) {
	args := prodArgs()
	args.NatGateways = NatGatewaySingle
	m, vpc := runVpc(t, args)

	nats := m.OfType(typeNatGateway)
	require.Len(t, nats, 1, "one NAT gateway in single mode")
	assert.Equal(t, "prod-nat-eu-west-1a", nats[0].Name)
	assert.Equal(t, "prod-public-eu-west-1a-id", nats[0].Input("subnetId"), "the single NAT gateway lives in the first AZ")
	assert.Len(t, m.OfType(typeEip), 1)
	for _, az := range testAZs() {
		route := offlinetest.Must(t, m, typeRoute, "prod-private-default-"+az)
		assert.Equal(t, "prod-nat-eu-west-1a-id", route.Input("natGatewayId"), "private subnets of %s should use the single NAT gateway", az)
	}
	assert.Equal(t, []string{"prod-nat-eu-west-1a-id"}, offlinetest.Await(t, vpc.NatGatewayIDs))
}

func TestIsolatedSubnetsHaveNoRouteOut(t *testing.T) {
	m, _ := runVpc(t, prodArgs())

	table := offlinetest.Must(t, m, typeRouteTable, "prod-isolated-rt")
	assert.Nil(t, table.Input("routes"), "isolated route table must have no inline routes")
	for _, r := range m.OfType(typeRoute) {
		assert.NotEqual(t, "prod-isolated-rt-id", r.Input("routeTableId"), "route %s gives the isolated subnets a way out", r.Name)
	}
	for _, az := range testAZs() {
		a := offlinetest.Must(t, m, typeAssociation, "prod-isolated-"+az)
		assert.Equal(t, "prod-isolated-rt-id", a.Input("routeTableId"))
		assert.Equal(t, "prod-isolated-"+az+"-id", a.Input("subnetId"))
	}
	assert.Len(t, m.OfType(typeAssociation), 9, "every subnet has an explicit route table")
}

func TestFlowLogsRecordAllTrafficToTheirLogGroup(t *testing.T) {
	args := prodArgs()
	args.FlowLogRetentionDays = 90
	m, _ := runVpc(t, args)

	group := offlinetest.Must(t, m, "aws:cloudwatch/logGroup:LogGroup", "prod-flow-logs")
	assert.Equal(t, "/aws/vpc/prod/flow-logs", group.Input("name"))
	assert.Equal(t, 90.0, group.Input("retentionInDays"))
	groupArn := "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/prod/flow-logs"
	roleArn := "arn:aws:iam::123456789012:role/prod-flow-logs"

	flow := offlinetest.Must(t, m, "aws:ec2/flowLog:FlowLog", "prod-flow-logs")
	assert.Equal(t, "prod-id", flow.Input("vpcId"))
	assert.Equal(t, "ALL", flow.Input("trafficType"), "rejected traffic must be logged too")
	assert.Equal(t, "cloud-watch-logs", flow.Input("logDestinationType"))
	assert.Equal(t, groupArn, flow.Input("logDestination"))
	assert.Equal(t, roleArn, flow.Input("iamRoleArn"))
	policy := offlinetest.Must(t, m, "aws:iam/rolePolicy:RolePolicy", "prod-flow-logs")
	assert.Contains(t, flow.DependsOn, policy.URN, "the flow log should wait for its role's permissions")

	var trust struct {
		Statement []struct{ Principal map[string][]string }
	}
	role := offlinetest.Must(t, m, "aws:iam/role:Role", "prod-flow-logs")
	require.NoError(t, json.Unmarshal([]byte(role.Input("assumeRolePolicy").(string)), &trust))
	require.Len(t, trust.Statement, 1)
	assert.Equal(t, []string{"vpc-flow-logs.amazonaws.com"}, trust.Statement[0].Principal["Service"])

	assert.Equal(t, "prod-flow-logs", policy.Input("role"))
	var doc struct {
		Statement []struct {
			Effect   string
			Action   []string
			Resource []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(policy.Input("policy").(string)), &doc))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, "Allow", doc.Statement[0].Effect)
	assert.ElementsMatch(t, []string{"logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"}, doc.Statement[0].Action)
	assert.Equal(t, []string{groupArn, groupArn + ":*"}, doc.Statement[0].Resource, "flow logs may write to their own log group only")
}

func TestFlowLogRetentionDefaultsToThirtyDays(t *testing.T) {
	m, _ := runVpc(t, prodArgs())
	assert.Equal(t, 30.0, offlinetest.Must(t, m, "aws:cloudwatch/logGroup:LogGroup", "prod-flow-logs").Input("retentionInDays"))
}

func TestS3GatewayEndpointServesPrivateAndIsolatedRouteTables(t *testing.T) {
	m, _ := runVpc(t, prodArgs())

	s3 := offlinetest.Must(t, m, typeEndpoint, "prod-s3")
	assert.Equal(t, "com.amazonaws.eu-west-1.s3", s3.Input("serviceName"))
	assert.Equal(t, "Gateway", s3.Input("vpcEndpointType"))
	assert.Equal(t, "prod-id", s3.Input("vpcId"))
	assert.ElementsMatch(t, []any{
		"prod-private-rt-eu-west-1a-id", "prod-private-rt-eu-west-1b-id", "prod-private-rt-eu-west-1c-id", "prod-isolated-rt-id",
	}, s3.Input("routeTableIds"), "S3 gateway endpoint route tables")
}

func TestInterfaceEndpointsOnlyWhenSwitchedOn(t *testing.T) {
	m, _ := runVpc(t, prodArgs())
	assert.Len(t, m.OfType(typeEndpoint), 1, "only the S3 gateway endpoint when interface endpoints are off")
	assert.Empty(t, m.OfType(typeSG), "no endpoint security group when interface endpoints are off")

	args := prodArgs()
	args.InterfaceEndpoints = true
	m, _ = runVpc(t, args)
	assert.Len(t, m.OfType(typeEndpoint), 5, "S3 gateway plus four interface endpoints")

	sg := offlinetest.Must(t, m, typeSG, "prod-endpoints")
	assert.Equal(t, "prod-id", sg.Input("vpcId"))
	assert.Equal(t, []any{map[string]any{
		"description": "HTTPS from the VPC", "protocol": "tcp", "fromPort": 443.0, "toPort": 443.0, "cidrBlocks": []any{"10.0.0.0/16"},
	}}, sg.Input("ingress"), "endpoints admit HTTPS from the VPC only")
	assert.Nil(t, sg.Input("egress"), "endpoints need no egress rule")

	privateSubnets := []any{"prod-private-eu-west-1a-id", "prod-private-eu-west-1b-id", "prod-private-eu-west-1c-id"}
	for name, service := range map[string]string{
		"prod-ecr-api": "com.amazonaws.eu-west-1.ecr.api",
		"prod-ecr-dkr": "com.amazonaws.eu-west-1.ecr.dkr",
		"prod-sts":     "com.amazonaws.eu-west-1.sts",
		"prod-logs":    "com.amazonaws.eu-west-1.logs",
	} {
		e := offlinetest.Must(t, m, typeEndpoint, name)
		assert.Equal(t, service, e.Input("serviceName"), name)
		assert.Equal(t, "Interface", e.Input("vpcEndpointType"), name)
		assert.Equal(t, true, e.Input("privateDnsEnabled"), "%s needs private DNS so clients use it unchanged", name)
		assert.Equal(t, privateSubnets, e.Input("subnetIds"), "%s should have an ENI in every private subnet", name)
		assert.Equal(t, []any{"prod-endpoints-id"}, e.Input("securityGroupIds"), name)
	}
}

func TestDefaultSecurityGroupIsAdoptedWithoutRules(t *testing.T) {
	m, _ := runVpc(t, prodArgs())

	sg := offlinetest.Must(t, m, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "prod-default")
	assert.Equal(t, "prod-id", sg.Input("vpcId"))
	assert.Nil(t, sg.Input("ingress"), "the default security group must admit nothing")
	assert.Nil(t, sg.Input("egress"), "the default security group must send nothing")
}

func TestVpcOutputsListSubnetsInAzOrder(t *testing.T) {
	m, vpc := runVpc(t, prodArgs())

	assert.Equal(t, pulumi.ID("prod-id"), offlinetest.Await(t, vpc.VpcID))
	assert.Equal(t, "10.0.0.0/16", offlinetest.Await(t, vpc.CidrBlock))
	for tier, out := range map[string]pulumi.StringArrayOutput{
		"public": vpc.PublicSubnetIDs, "private": vpc.PrivateSubnetIDs, "isolated": vpc.IsolatedSubnetIDs,
	} {
		var want []string
		for _, az := range testAZs() {
			want = append(want, fmt.Sprintf("prod-%s-%s-id", tier, az))
		}
		assert.Equal(t, want, offlinetest.Await(t, out), "%s subnet IDs", tier)
	}
	comp := m.OfType("ip-platform:network:Vpc")[0]
	assert.Equal(t, "perAz", comp.Input("natGateways"), "the component records its defaulted args")
}

func TestNewVpcRejectsBadArgsBeforeCreatingAnything(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(a *VpcArgs)
		field    string
		fragment string
	}{
		{"host bits", func(a *VpcArgs) { a.CidrBlock = "10.0.0.1/16" }, "CidrBlock", "host bits"},
		{"IPv6 CIDR", func(a *VpcArgs) { a.CidrBlock = "fd00::/48" }, "CidrBlock", "IPv4"},
		{"prefix too long", func(a *VpcArgs) { a.CidrBlock = "10.0.0.0/24" }, "CidrBlock", "/24"},
		{"missing CIDR", func(a *VpcArgs) { a.CidrBlock = "" }, "CidrBlock", "not a CIDR"},
		{"no AZs", func(a *VpcArgs) { a.AvailabilityZones = nil }, "AvailabilityZones", "at least one"},
		{"duplicate AZ", func(a *VpcArgs) { a.AvailabilityZones = []string{"eu-west-1a", "eu-west-1a"} }, "AvailabilityZones", "twice"},
		{"AZ of another region", func(a *VpcArgs) { a.AvailabilityZones = []string{"eu-west-1a", "us-east-1b"} }, "AvailabilityZones", `"us-east-1b" is not in Region eu-west-1`},
		{"AZ is the region", func(a *VpcArgs) { a.AvailabilityZones = []string{"eu-west-1"} }, "AvailabilityZones", "not in Region"},
		{"missing region", func(a *VpcArgs) { a.Region = "" }, "Region", "not an AWS region"},
		{"AZ given as region", func(a *VpcArgs) { a.Region = "eu-west-1a" }, "Region", "not an AWS region"},
		{"missing cluster name", func(a *VpcArgs) { a.ClusterName = "" }, "ClusterName", "not a valid EKS cluster name"},
		{"cluster name with a slash", func(a *VpcArgs) { a.ClusterName = "ip/prod" }, "ClusterName", "not a valid"},
		{"unknown NAT mode", func(a *VpcArgs) { a.NatGateways = "none" }, "NatGateways", `"perAz" or "single"`},
		{"retention not allowed", func(a *VpcArgs) { a.FlowLogRetentionDays = 31 }, "FlowLogRetentionDays", "31 is not a CloudWatch Logs retention period"},
		{"negative retention", func(a *VpcArgs) { a.FlowLogRetentionDays = -1 }, "FlowLogRetentionDays", "-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := prodArgs()
			tt.mutate(args)
			m, err := offline.Run(offline.Program{Region: "eu-west-1"}, func(ctx *pulumi.Context) error {
				_, err := NewVpc(ctx, "prod", args)
				return err
			})
			require.Error(t, err, "expected %s to be rejected", tt.field)
			assert.Contains(t, err.Error(), "network prod: "+tt.field, "the error should name the field")
			assert.Contains(t, err.Error(), tt.fragment)
			assert.Empty(t, m.Resources(), "nothing may be registered before the args are validated")
		})
	}
}

func TestNewVpcRejectsNilArgs(t *testing.T) {
	m, err := offline.Run(offline.Program{Region: "eu-west-1"}, func(ctx *pulumi.Context) error {
		_, err := NewVpc(ctx, "prod", nil)
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "args are required")
	assert.Empty(t, m.Resources())
}

func TestNewVpcLeavesTheCallersArgsAlone(t *testing.T) {
	args := prodArgs()
	runVpc(t, args)
	assert.Equal(t, *prodArgs(), *args, "defaults must be filled on a copy")
}
