package autoscaler

import (
	"github.com/ip-platform/infra/internal/iampolicy"
)

// policy returns the autoscaler's IAM policy, least privilege as in the EKS Best Practices Guide
// (https://docs.aws.amazon.com/eks/latest/best-practices/cas.html, "Employ least privileged access
// to the IAM role") and the cluster-autoscaler AWS README.
//
// Changing capacity is limited to Auto Scaling groups carrying both discovery tags with the values
// EKS puts on managed node groups: k8s.io/cluster-autoscaler/enabled = true and
// k8s.io/cluster-autoscaler/<cluster> = owned. An autoscaler of one cluster therefore cannot resize
// or terminate another cluster's nodes, even if its discovery flags were wrong.
//
// The rest is read-only discovery on "*": the Auto Scaling and EC2 describe actions support no
// resource scoping. eks:DescribeNodegroup lets it learn the labels and taints of a pool scaled to
// zero.
func policy(clusterName string) string {
	return iampolicy.New(
		iampolicy.Statement{
			Sid:    "ScaleThisClustersNodeGroups",
			Effect: "Allow",
			Action: []string{
				"autoscaling:SetDesiredCapacity",
				"autoscaling:TerminateInstanceInAutoScalingGroup",
			},
			Resource: []string{"*"},
			Condition: map[string]map[string]string{
				"StringEquals": {
					"aws:ResourceTag/k8s.io/cluster-autoscaler/enabled":        "true",
					"aws:ResourceTag/k8s.io/cluster-autoscaler/" + clusterName: "owned",
				},
			},
		},
		iampolicy.Allow("DiscoverNodeGroups", []string{
			"autoscaling:DescribeAutoScalingGroups",
			"autoscaling:DescribeAutoScalingInstances",
			"autoscaling:DescribeLaunchConfigurations",
			"autoscaling:DescribeScalingActivities",
			"autoscaling:DescribeTags",
			"ec2:DescribeImages",
			"ec2:DescribeInstanceTypes",
			"ec2:DescribeLaunchTemplateVersions",
			"ec2:GetInstanceTypesFromInstanceRequirements",
			"eks:DescribeNodegroup",
		}, "*"),
	).JSON()
}
