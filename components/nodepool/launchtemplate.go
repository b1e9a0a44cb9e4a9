package nodepool

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// Device names of the EKS AMIs' volumes. Amazon Linux 2023 boots from /dev/xvda and keeps images
// and pod storage there. Bottlerocket has two: /dev/xvda holds the OS (a few GiB, read-only) and
// /dev/xvdb the data (container images, logs, ephemeral storage), so the size a pool asks for
// belongs on /dev/xvdb (Karpenter's default block device mappings per AMI family,
// karpenter.sh/docs/concepts/nodeclasses/, read 2026-12-02).
const (
	rootDevice             = "/dev/xvda"
	bottlerocketDataDevice = "/dev/xvdb"
)

// metadataHopLimit is the IMDS PUT response hop limit of every node. 1 keeps the IMDSv2 token on
// the node itself: a container on the pod network sits one hop further, so its token request
// never gets an answer and no pod can fetch the node role's credentials. AWS recommends exactly
// this for EKS nodes when pods have their own roles ("Restrict access to the instance profile
// assigned to the worker node", EKS Best Practices Guide, aws.github.io/aws-eks-best-practices/
// security/docs/iam/, read 2026-12-02). hostNetwork pods (aws-node, kube-proxy, the pod identity
// agent) are not behind that hop and keep working. What pods used to read from IMDS is now given
// to them: the load balancer controller gets region and vpcId, cluster-autoscaler awsRegion, Loki
// and the SecretStores their region. The EBS CSI driver's pods (not hostNetwork) fall back to the
// Kubernetes API for their metadata when IMDS does not answer: the node's providerID and its
// instance-type, region and zone labels, which EKS nodes carry; the controller can skip metadata
// altogether when given AWS_REGION (Helm controller.region). The one loss AWS names is the
// node's volume limit, which is then computed as if one ENI and one EBS volume were attached
// (kubernetes-sigs/aws-ebs-csi-driver docs/install.md, "Metadata", read 2026-12-02).
const metadataHopLimit = 1

// newLaunchTemplate creates the template the node group launches instances from. It sets no image,
// no user data and no security groups: EKS fills in the AMI of the node group's amiType for the
// cluster's version, the bootstrap settings of that AMI family (nodeadm for AL2023, TOML settings
// for Bottlerocket) and the cluster security group, which it only does when the template leaves
// them out. Changing the template (hop limit, volumes) rolls the nodes through a new template
// version, maxUnavailable at a time; it never replaces the node group.
func newLaunchTemplate(ctx *pulumi.Context, name string, family AmiFamily, diskSizeGiB int, parent pulumi.ResourceOption) (*ec2.LaunchTemplate, error) {
	nameTag := tags.Name(name)
	lt, err := ec2.NewLaunchTemplate(ctx, name, &ec2.LaunchTemplateArgs{
		Description: pulumi.String("EKS managed node group " + name),
		MetadataOptions: ec2.LaunchTemplateMetadataOptionsArgs{
			HttpEndpoint: pulumi.String("enabled"),
			// IMDSv2 only: a session token defeats SSRF-style credential theft through IMDSv1 GETs,
			// and without it the hop limit would not matter (IMDSv1 answers any hop).
			HttpTokens:              pulumi.String("required"),
			HttpPutResponseHopLimit: pulumi.Int(metadataHopLimit),
		},
		BlockDeviceMappings: blockDevices(family, diskSizeGiB),
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

// blockDevices returns the volumes of a node of family: every one encrypted gp3 (baseline 3000
// IOPS and 125 MB/s whatever the size, cheaper than gp2), deleted with the node, and diskSizeGiB
// on the volume that holds images and pod storage. Bottlerocket's OS volume keeps the size of the
// AMI's snapshot: it holds only the OS, and a size below the snapshot's would fail every launch.
func blockDevices(family AmiFamily, diskSizeGiB int) ec2.LaunchTemplateBlockDeviceMappingArray {
	data := volume(rootDevice, pulumi.Int(diskSizeGiB))
	if family != Bottlerocket {
		return ec2.LaunchTemplateBlockDeviceMappingArray{data}
	}
	return ec2.LaunchTemplateBlockDeviceMappingArray{
		volume(rootDevice, nil),
		volume(bottlerocketDataDevice, pulumi.Int(diskSizeGiB)),
	}
}

// volume is one encrypted gp3 volume; size nil keeps the AMI's size for that device.
func volume(device string, size pulumi.IntPtrInput) ec2.LaunchTemplateBlockDeviceMappingArgs {
	return ec2.LaunchTemplateBlockDeviceMappingArgs{
		DeviceName: pulumi.String(device),
		Ebs: ec2.LaunchTemplateBlockDeviceMappingEbsArgs{
			VolumeType:          pulumi.String("gp3"),
			VolumeSize:          size,
			Encrypted:           pulumi.String("true"),
			DeleteOnTermination: pulumi.String("true"),
		},
	}
}
