package network

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// interfaceEndpointServices are the services nodes and pods call on every start: ECR (api for auth
// and manifests, dkr for the registry protocol), STS (IRSA credentials) and CloudWatch Logs (log
// shipping). Reaching them privately keeps pod start-up off the NAT gateways and working when
// egress is down.
func interfaceEndpointServices() []endpointService {
	return []endpointService{
		{suffix: "ecr-api", service: "ecr.api"},
		{suffix: "ecr-dkr", service: "ecr.dkr"},
		{suffix: "sts", service: "sts"},
		{suffix: "logs", service: "logs"},
	}
}

// endpointService is an AWS service reached through an interface endpoint.
type endpointService struct {
	suffix  string // of the endpoint's logical name
	service string // after com.amazonaws.<region>.
}

func serviceName(region, service string) string {
	return fmt.Sprintf("com.amazonaws.%s.%s", region, service)
}

// newS3GatewayEndpoint routes S3 traffic from the private and isolated route tables straight to
// S3: ECR serves image layers from S3, so image pulls would otherwise be the NAT gateways' largest
// (and most expensive) traffic, and the data tier can reach S3 (backups, exports) without any
// path to the internet. Gateway endpoints cost nothing.
func newS3GatewayEndpoint(ctx *pulumi.Context, name, region string, vpc *ec2.Vpc, routeTables []*ec2.RouteTable, parent pulumi.ResourceOption) error {
	ids := make(pulumi.StringArray, len(routeTables))
	for i, t := range routeTables {
		ids[i] = t.ID().ToStringOutput()
	}
	logical := name + "-s3"
	if _, err := ec2.NewVpcEndpoint(ctx, logical, &ec2.VpcEndpointArgs{
		VpcId:           vpc.ID(),
		ServiceName:     pulumi.String(serviceName(region, "s3")),
		VpcEndpointType: pulumi.String("Gateway"),
		RouteTableIds:   ids,
		Tags:            tags.Name(logical),
	}, parent); err != nil {
		return fmt.Errorf("s3 gateway endpoint: %w", err)
	}
	return nil
}

// newInterfaceEndpoints places the interface endpoints in the private subnets, one ENI per AZ so an
// AZ outage does not take the endpoint away from the others. Private DNS makes the regular service
// hostnames resolve to the endpoints, so no client needs configuring.
func newInterfaceEndpoints(ctx *pulumi.Context, name, region, vpcCidr string, vpc *ec2.Vpc, private []*ec2.Subnet, parent pulumi.ResourceOption) error {
	sg, err := newEndpointSecurityGroup(ctx, name, vpcCidr, vpc, parent)
	if err != nil {
		return err
	}
	for _, svc := range interfaceEndpointServices() {
		logical := name + "-" + svc.suffix
		if _, err := ec2.NewVpcEndpoint(ctx, logical, &ec2.VpcEndpointArgs{
			VpcId:             vpc.ID(),
			ServiceName:       pulumi.String(serviceName(region, svc.service)),
			VpcEndpointType:   pulumi.String("Interface"),
			SubnetIds:         subnetIDs(private),
			SecurityGroupIds:  pulumi.StringArray{sg.ID().ToStringOutput()},
			PrivateDnsEnabled: pulumi.Bool(true),
			Tags:              tags.Name(logical),
		}, parent); err != nil {
			return fmt.Errorf("interface endpoint %s: %w", logical, err)
		}
	}
	return nil
}

// newEndpointSecurityGroup admits HTTPS from inside the VPC only; the endpoints never open
// connections themselves, so the group has no egress rule (the provider removes AWS's default
// allow-all egress rule when none is declared).
func newEndpointSecurityGroup(ctx *pulumi.Context, name, vpcCidr string, vpc *ec2.Vpc, parent pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	logical := name + "-endpoints"
	sg, err := ec2.NewSecurityGroup(ctx, logical, &ec2.SecurityGroupArgs{
		VpcId:       vpc.ID(),
		Description: pulumi.String("VPC interface endpoints: HTTPS from inside the VPC"),
		Ingress: ec2.SecurityGroupIngressArray{
			ec2.SecurityGroupIngressArgs{
				Description: pulumi.String("HTTPS from the VPC"),
				Protocol:    pulumi.String("tcp"),
				FromPort:    pulumi.Int(443),
				ToPort:      pulumi.Int(443),
				CidrBlocks:  pulumi.StringArray{pulumi.String(vpcCidr)},
			},
		},
		Tags: tags.Name(logical),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("endpoint security group: %w", err)
	}
	return sg, nil
}
