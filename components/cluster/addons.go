package cluster

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
	"github.com/ip-platform/infra/internal/eksversions"
	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// Names of the EKS add-ons this package installs, as EKS names them; keys of AddonVersions and of
// the version table's add-on columns.
const (
	AddonVpcCni           = eksversions.AddonVpcCni
	AddonKubeProxy        = eksversions.AddonKubeProxy
	AddonPodIdentityAgent = eksversions.AddonPodIdentityAgent
	AddonCoreDNS          = eksversions.AddonCoreDNS
	AddonEbsCsiDriver     = eksversions.AddonEbsCsiDriver
)

// knownAddons lists every add-on name AddonVersions may pin.
func knownAddons() []string {
	return []string{AddonVpcCni, AddonKubeProxy, AddonPodIdentityAgent, AddonCoreDNS, AddonEbsCsiDriver}
}

// addonRole is the Pod Identity role an add-on's pods need: the service account they run as and
// the managed policy it gets.
type addonRole struct {
	namespace, serviceAccount string
	policyArn                 string
}

// vpcCniRole gives aws-node the CNI permissions, so the nodes' instance role does not need them and
// a pod that reaches the instance metadata cannot rewire the VPC's network interfaces.
func vpcCniRole() addonRole {
	return addonRole{"kube-system", "aws-node", iampolicy.ManagedPolicyArn("AmazonEKS_CNI_Policy")}
}

// ebsCsiRole gives the EBS CSI controller the volume permissions; AWS publishes the policy under the
// service-role/ path.
func ebsCsiRole() addonRole {
	return addonRole{"kube-system", "ebs-csi-controller-sa", iampolicy.ManagedPolicyArn("service-role/AmazonEBSCSIDriverPolicy")}
}

// newAddonRole creates the Pod Identity role of one add-on and its association, after the pod
// identity agent.
func newAddonRole(ctx *pulumi.Context, name, addon string, spec addonRole, clusterName pulumi.StringInput, agent pulumi.Resource, parent pulumi.ResourceOption) (*podidentity.Role, error) {
	role, err := podidentity.NewRole(ctx, name+"-"+addon+"-pod-identity", &podidentity.RoleArgs{
		ClusterName:    clusterName,
		Namespace:      spec.namespace,
		ServiceAccount: spec.serviceAccount,
		Agent:          agent,
		Grants:         podidentity.Grants{ManagedPolicyArns: []string{spec.policyArn}},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("%s role: %w", addon, err)
	}
	return role, nil
}

// newAddon installs one EKS-managed add-on. role may be nil (the add-on needs no AWS access); the
// add-on waits for its association, so its pods start with their credentials. No
// serviceAccountRoleArn: that is the add-on's IRSA annotation, which Pod Identity replaces.
func newAddon(ctx *pulumi.Context, name, addon string, clusterName pulumi.StringInput, versions map[string]string, role *podidentity.Role, parent pulumi.ResourceOption, opts ...pulumi.ResourceOption) (*eks.Addon, error) {
	args := &eks.AddonArgs{
		ClusterName: clusterName,
		AddonName:   pulumi.String(addon),
		// The code is the source of truth for add-on settings: OVERWRITE adopts an add-on that
		// already exists on create and reverts hand edits of EKS-managed fields on update, where
		// NONE would fail the update and PRESERVE would let the hand edits win silently.
		ResolveConflictsOnCreate: pulumi.String("OVERWRITE"),
		ResolveConflictsOnUpdate: pulumi.String("OVERWRITE"),
		Tags:                     tags.Name(name + "-" + addon),
	}
	// Without a pin EKS installs its default version for the cluster version, and the provider
	// keeps whatever is installed; a pin is how an add-on is upgraded.
	if v, ok := versions[addon]; ok {
		args.AddonVersion = pulumi.String(v)
	}
	if role != nil {
		opts = append(opts, pulumi.DependsOn([]pulumi.Resource{role.Association}))
	}
	if values := addonConfiguration(addon); values != "" {
		args.ConfigurationValues = pulumi.String(values)
	}
	a, err := eks.NewAddon(ctx, name+"-"+addon, args, append([]pulumi.ResourceOption{parent}, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("add-on %s: %w", addon, err)
	}
	return a, nil
}

// addonConfiguration returns an add-on's configuration values (JSON against the add-on's schema), or
// "" for the defaults.
func addonConfiguration(addon string) string {
	switch addon {
	case AddonVpcCni:
		// The VPC CNI enforces Kubernetes NetworkPolicies only with its network policy agent on:
		// without it every NetworkPolicy the services declare would be accepted and ignored.
		b, _ := json.Marshal(map[string]string{"enableNetworkPolicy": "true"}) // a map of strings cannot fail
		return string(b)
	}
	return ""
}
