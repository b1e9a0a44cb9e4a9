package nodepool

import (
	"fmt"
	"maps"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/autoscaling"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Cluster-autoscaler finds the pool without help: EKS tags every managed node group's Auto Scaling
// group with k8s.io/cluster-autoscaler/enabled and k8s.io/cluster-autoscaler/<cluster> ("Nodes
// launched as part of a managed node group are automatically tagged for auto-discovery by the
// Kubernetes Cluster Autoscaler", https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html).
//
// What it cannot see is a pool with no nodes: it learns labels and taints from a running node, and
// with none it would not know that a new node carries, say, dedicated=batch:NoSchedule, so a pod
// tolerating that taint would stay pending forever. The node-template tags below describe the
// node to come (https://github.com/kubernetes/autoscaler/blob/master/cluster-autoscaler/cloudprovider/aws/README.md#auto-discovery-setup).
// Recent autoscalers also ask eks:DescribeNodegroup, but the tags keep scale-from-zero working
// without that permission or API call.
const (
	labelTagPrefix = "k8s.io/cluster-autoscaler/node-template/label/"
	taintTagPrefix = "k8s.io/cluster-autoscaler/node-template/taint/"
	// maxTemplateTags is what is left of the 50 tags an Auto Scaling group may carry once EKS has
	// added its five (eks:cluster-name, eks:nodegroup-name, kubernetes.io/cluster/<cluster> and the
	// two discovery tags).
	maxTemplateTags = 45
)

// KubernetesEffect maps an EKS API taint effect to the Kubernetes spelling (the one nodes carry and
// the autoscaler's tags use).
func KubernetesEffect(eksEffect string) (string, bool) {
	switch eksEffect {
	case NoSchedule:
		return "NoSchedule", true
	case NoExecute:
		return "NoExecute", true
	case PreferNoSchedule:
		return "PreferNoSchedule", true
	}
	return "", false
}

// nodeTemplateTags returns the Auto Scaling group tags that tell cluster-autoscaler the labels and
// taints of a node the pool has not launched yet. Taint values read "<value>:<Effect>".
func nodeTemplateTags(labels map[string]string, taints []Taint) map[string]string {
	tags := map[string]string{}
	for k, v := range labels {
		tags[labelTagPrefix+k] = v
	}
	for _, t := range taints {
		effect, _ := KubernetesEffect(t.Effect)
		tags[taintTagPrefix+t.Key] = t.Value + ":" + effect
	}
	return tags
}

// tagForScaleFromZero puts the node-template tags on the node group's Auto Scaling group, which EKS
// creates and names. They are not propagated to instances: only the autoscaler reads them, from the
// group.
func tagForScaleFromZero(ctx *pulumi.Context, name string, ng *eks.NodeGroup, labels map[string]string, taints []Taint, parent pulumi.ResourceOption) error {
	asgName := ng.Resources.Index(pulumi.Int(0)).AutoscalingGroups().Index(pulumi.Int(0)).Name().Elem()
	tags := nodeTemplateTags(labels, taints)
	for _, key := range sortedKeys(tags) {
		_, err := autoscaling.NewTag(ctx, name+"-asg-"+key, &autoscaling.TagArgs{
			AutoscalingGroupName: asgName,
			Tag: autoscaling.TagTagArgs{
				Key:               pulumi.String(key),
				Value:             pulumi.String(tags[key]),
				PropagateAtLaunch: pulumi.Bool(false),
			},
		}, parent)
		if err != nil {
			return fmt.Errorf("nodepool %s: autoscaler tag %s: %w", name, key, err)
		}
	}
	return nil
}

// sortedKeys returns the keys of m in order, so resources and errors come out deterministically.
func sortedKeys(m map[string]string) []string {
	return slices.Sorted(maps.Keys(m))
}
