package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// newSecurityGroup admits PostgreSQL from the client security group only. It has no egress rule:
// the database never opens connections, and the provider removes the allow-all rule AWS adds.
func newSecurityGroup(ctx *pulumi.Context, name string, a PostgresArgs, parent pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(ctx, name+"-sg", &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String(fmt.Sprintf("PostgreSQL %s: %d from the EKS cluster only", a.Identifier, Port)),
		Ingress: ec2.SecurityGroupIngressArray{
			ec2.SecurityGroupIngressArgs{
				Description:    pulumi.String("PostgreSQL from pods and nodes of the EKS cluster"),
				Protocol:       pulumi.String("tcp"),
				FromPort:       pulumi.Int(Port),
				ToPort:         pulumi.Int(Port),
				SecurityGroups: pulumi.StringArray{a.ClientSecurityGroupID},
			},
		},
		Tags: tags.Name(a.Identifier + "-db"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("security group: %w", err)
	}
	return sg, nil
}
