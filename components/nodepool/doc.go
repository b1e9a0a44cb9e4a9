// Package nodepool builds an EKS managed node group spread over every availability zone: the nodes'
// IAM role, a launch template that hardens the instances, the node group itself and, for pools that
// can shrink to zero, the Auto Scaling group tags cluster-autoscaler needs to scale them back up.
//
// The launch template carries no AMI and no security groups on purpose. Without an image id EKS
// picks the EKS-optimized AMI matching the cluster's Kubernetes version, so a control plane upgrade
// followed by a node group version bump rolls the nodes (maxUnavailable at a time) instead of
// leaving them on an old kubelet; without security groups EKS attaches the cluster security group,
// which is what lets nodes and control plane talk. The AMI type is always explicit: Amazon Linux
// 2023 by default (EKS stopped supporting the Amazon Linux 2 AMIs in November 2025 and publishes none
// for Kubernetes 1.33 and later, https://github.com/awslabs/amazon-eks-ami/issues/2545) or
// Bottlerocket per pool, x86_64 or arm64 by the instance types. The template's volumes follow the
// family (Bottlerocket keeps images and pod storage on a second volume), and its instance metadata
// answers IMDSv2 only, with a hop limit of 1, so no pod reaches the node role's credentials.
//
// The node role holds only what a node needs to join the cluster, pull images and be reached through
// SSM Session Manager (break-glass shell access without SSH keys or open ports). It does not hold
// AmazonEKS_CNI_Policy: the VPC CNI runs with its own IRSA role, created by the cluster component,
// so a pod that reaches the node's credentials cannot rewrite the network.
//
// After creation the desired size belongs to cluster-autoscaler: the program ignores drift on it, so
// a deploy never undoes a scale-up.
//
// Pass the AWS provider in opts (pulumi.Provider or pulumi.Providers); children inherit it.
package nodepool
