package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/secgroup"
)

// newSecurityGroup admits PostgreSQL from the client security group only. It has no egress rule:
// the database never opens connections, and the provider removes the allow-all rule AWS adds.
func newSecurityGroup(ctx *pulumi.Context, name string, a PostgresArgs, parent pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	return secgroup.NewClientOnly(ctx, name+"-sg", secgroup.ClientOnlyArgs{
		VpcID:                 a.VpcID,
		Description:           fmt.Sprintf("PostgreSQL %s: %d from the EKS cluster only", a.Identifier, Port),
		Port:                  Port,
		ClientSecurityGroupID: a.ClientSecurityGroupID,
		RuleDescription:       "PostgreSQL from pods and nodes of the EKS cluster",
		Name:                  a.Identifier + "-db",
	}, parent)
}
