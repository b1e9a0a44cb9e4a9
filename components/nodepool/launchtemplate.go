package nodepool

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// rootDevice is the root volume's device name on the EKS-optimized Amazon Linux 2023 AMIs.
const rootDevice = "/dev/xvda"

// newLaunchTemplate creates the template the node group launches instances from. It sets no image
// and no security groups: EKS fills in the AMI for the cluster's version and the cluster security
// group, which it only does when the template leaves them out.
func newLaunchTemplate(ctx *pulumi.Context, name string, diskSizeGiB int, parent pulumi.ResourceOption) (*ec2.LaunchTemplate, error) {
	nameTag := tags.Name(name)
	lt, err := ec2.NewLaunchTemplate(ctx, name, &ec2.LaunchTemplateArgs{
		Description: pulumi.String("EKS managed node group " + name),
		MetadataOptions: ec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint: pulumi.String("enabled"),
			// IMDSv2 only: a session token defeats SSRF-style credential theft through IMDSv1 GETs.
			HttpTokens: pulumi.String("required"),
			// A container on the pod network sits one hop behind the node, so with a limit of 1 its
			// IMDSv2 token response never arrives. Controllers that read their region or VPC from IMDS
			// (AWS Load Balancer Controller, EBS CSI controller) need 2; hostNetwork daemons such as
			// aws-node would work with 1. The price is that pods can reach the node role, which is why
			// that role holds only the three node policies and workloads get IRSA roles.
			HttpPutResponseHopLimit: pulumi.Int(2),
		},
		BlockDeviceMappings: ec2.LaunchTemplateBlockDeviceMappingArray{
			ec2.LaunchTemplateBlockDeviceMappingArgs{
				DeviceName: pulumi.String(rootDevice),
				Ebs: ec2.LaunchTemplateBlockDeviceMappingEbsArgs{
					// gp3: baseline 3000 IOPS and 125 MB/s whatever the size, cheaper than gp2.
					VolumeType:          pulumi.String("gp3"),
					VolumeSize:          pulumi.Int(diskSizeGiB),
					Encrypted:           pulumi.String("true"),
					DeleteOnTermination: pulumi.String("true"),
				},
			},
		},
		TagSpecifications: ec2.LaunchTemplateTagSpecificationArray{
			ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("instance"), Tags: nameTag},
			ec2.LaunchTemplateTagSpecificationArgs{ResourceType: pulumi.String("volume"), Tags: nameTag},
		},
		Tags: nameTag,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("nodepool %s: launch template: %w", name, err)
	}
	return lt, nil
}
