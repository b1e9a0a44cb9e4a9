// Package secgroup builds the security group of a data-tier endpoint (RDS, ElastiCache): one TCP
// port admitted from one client security group, nothing else. The database and the cache share it
// so the rule that keeps the data tier closed to everything but the cluster is written once.
package secgroup

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// ClientOnlyArgs describe a security group that admits one TCP port from one client security group.
// Every field is required.
type ClientOnlyArgs struct {
	// VpcID is the VPC the group belongs to.
	VpcID pulumi.StringInput
	// Description is the group's description. AWS cannot change it in place: a new description
	// replaces the group.
	Description string
	// Port is the TCP port admitted.
	Port int
	// ClientSecurityGroupID is the only security group admitted on Port.
	ClientSecurityGroupID pulumi.StringInput
	// RuleDescription describes the ingress rule.
	RuleDescription string
	// Name is the group's Name tag.
	Name string
}

// NewClientOnly creates a security group admitting TCP a.Port from a.ClientSecurityGroupID only. It
// declares no egress rule: a data-tier endpoint never opens connections, and with none declared the
// provider removes the allow-all egress rule AWS adds to a new group.
func NewClientOnly(ctx *pulumi.Context, logical string, a ClientOnlyArgs, opts ...pulumi.ResourceOption) (*ec2.SecurityGroup, error) {
	sg, err := ec2.NewSecurityGroup(ctx, logical, &ec2.SecurityGroupArgs{
		VpcId:       a.VpcID,
		Description: pulumi.String(a.Description),
		Ingress: ec2.SecurityGroupIngressArray{
			ec2.SecurityGroupIngressArgs{
				Description:    pulumi.String(a.RuleDescription),
				Protocol:       pulumi.String("tcp"),
				FromPort:       pulumi.Int(a.Port),
				ToPort:         pulumi.Int(a.Port),
				SecurityGroups: pulumi.StringArray{a.ClientSecurityGroupID},
			},
		},
		Tags: tags.Name(a.Name),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("security group: %w", err)
	}
	return sg, nil
}
