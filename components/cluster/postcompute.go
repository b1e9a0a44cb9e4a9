package cluster

import (
	"fmt"
	"maps"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// AddonsArgs describes the add-ons that need nodes.
type AddonsArgs struct {
	// ClusterName is the EKS cluster's name (Cluster.Name). Required.
	ClusterName pulumi.StringInput
	// PodIdentityAgent is the cluster's pod identity agent add-on (Cluster.PodIdentityAgent); the EBS
	// CSI driver's association waits for it. Required.
	PodIdentityAgent pulumi.Resource
	// Versions pins add-on versions by add-on name, like ClusterArgs.AddonVersions. Optional;
	// unpinned add-ons get the EKS default version for the cluster version.
	Versions map[string]string
}

// Addons are the EKS-managed add-ons that run as Deployments.
type Addons struct {
	pulumi.ResourceState
}

// NewAddons installs CoreDNS and the EBS CSI driver (with its Pod Identity role). Their pods are Deployments
// that need schedulable nodes, and EKS reports an add-on degraded (failing the update) while its pods
// stay Pending, so create them after the node pools: pulumi.DependsOn(nodePools).
func NewAddons(ctx *pulumi.Context, name string, args *AddonsArgs, opts ...pulumi.ResourceOption) (*Addons, error) {
	if err := validateAddonsArgs(args); err != nil {
		return nil, fmt.Errorf("cluster addons %s: %w", name, err)
	}
	versions := maps.Clone(args.Versions)
	a := &Addons{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:cluster:Addons", name, pulumi.Map{
		"versions": pulumi.ToStringMap(versions),
	}, a, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(a)

	ebsRole, err := newAddonRole(ctx, name, AddonEbsCsiDriver, ebsCsiRole(), args.ClusterName, args.PodIdentityAgent, parent)
	if err != nil {
		return nil, fmt.Errorf("cluster addons %s: %w", name, err)
	}
	coredns, err := newAddon(ctx, name, AddonCoreDNS, args.ClusterName, versions, nil, parent)
	if err != nil {
		return nil, fmt.Errorf("cluster addons %s: %w", name, err)
	}
	ebs, err := newAddon(ctx, name, AddonEbsCsiDriver, args.ClusterName, versions, ebsRole, parent)
	if err != nil {
		return nil, fmt.Errorf("cluster addons %s: %w", name, err)
	}
	return a, ctx.RegisterResourceOutputs(a, pulumi.Map{
		"coredns":         coredns.AddonVersion,
		"awsEbsCsiDriver": ebs.AddonVersion,
	})
}

func validateAddonsArgs(args *AddonsArgs) error {
	switch {
	case args == nil:
		return fmt.Errorf("args are required")
	case args.ClusterName == nil:
		return fmt.Errorf("ClusterName is required")
	case args.PodIdentityAgent == nil:
		return fmt.Errorf("PodIdentityAgent is required (Cluster.PodIdentityAgent)")
	}
	return validateAddonVersions("Versions", args.Versions)
}
