package cluster

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newPreComputeAddons installs the add-ons that run on every node: the Pod Identity agent (first:
// every pod identity association waits for it, the CNI's included), the CNI (without it a node
// never becomes Ready) and kube-proxy (Service routing). All three are DaemonSets, so they install
// without any node and are in place when the first one joins. It returns the add-ons and the agent.
func newPreComputeAddons(ctx *pulumi.Context, name string, clusterName pulumi.StringInput, versions map[string]string, parent pulumi.ResourceOption) ([]*eks.Addon, *eks.Addon, error) {
	agent, err := newAddon(ctx, name, AddonPodIdentityAgent, clusterName, versions, nil, parent)
	if err != nil {
		return nil, nil, err
	}
	cniRole, err := newAddonRole(ctx, name, AddonVpcCni, vpcCniRole(), clusterName, agent, parent)
	if err != nil {
		return nil, nil, err
	}
	cni, err := newAddon(ctx, name, AddonVpcCni, clusterName, versions, cniRole, parent)
	if err != nil {
		return nil, nil, err
	}
	proxy, err := newAddon(ctx, name, AddonKubeProxy, clusterName, versions, nil, parent)
	if err != nil {
		return nil, nil, err
	}
	return []*eks.Addon{agent, cni, proxy}, agent, nil
}

// afterAddons returns the cluster name carrying a dependency on the add-ons, so whatever is built
// from it (node pools) waits for them, like terraform-aws-eks' before_compute add-ons.
func afterAddons(clusterName pulumi.StringOutput, addons []*eks.Addon) pulumi.StringOutput {
	all := []any{clusterName}
	for _, a := range addons {
		all = append(all, a.ID())
	}
	return pulumi.All(all...).ApplyT(func(v []any) string { return v[0].(string) }).(pulumi.StringOutput)
}
