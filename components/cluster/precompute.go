package cluster

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newPreComputeAddons installs the add-ons that run on every node: the CNI (without it a node never
// becomes Ready), kube-proxy (Service routing) and the Pod Identity agent. All three are DaemonSets,
// so they install without any node and are in place when the first one joins.
func newPreComputeAddons(ctx *pulumi.Context, name string, clusterName, providerArn, issuer pulumi.StringInput, versions map[string]string, parent pulumi.ResourceOption) ([]*eks.Addon, error) {
	cniRole, err := newAddonRole(ctx, name, AddonVpcCni, vpcCniRole(), providerArn, issuer, parent)
	if err != nil {
		return nil, err
	}
	var addons []*eks.Addon
	for _, spec := range []struct {
		addon string
		role  pulumi.StringInput
	}{
		{AddonVpcCni, cniRole.Arn},
		{AddonKubeProxy, nil},
		{AddonPodIdentityAgent, nil},
	} {
		a, err := newAddon(ctx, name, spec.addon, clusterName, versions, spec.role, parent)
		if err != nil {
			return nil, err
		}
		addons = append(addons, a)
	}
	return addons, nil
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
