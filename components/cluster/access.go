package cluster

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// ClusterAdminPolicyArn is the EKS access policy equivalent to Kubernetes' cluster-admin.
const ClusterAdminPolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

// AccessEntry gives one IAM role access to the cluster through an EKS access entry: membership of
// Kubernetes groups, whose rights are whatever RBAC bindings name those groups (components/rbac),
// and optionally the cluster-admin access policy.
type AccessEntry struct {
	// Persona says who the role is, e.g. "auditor", "developer-trademark", "ci-deployer": lower-case
	// letters, digits and dashes. Required. With the role's name it names the Pulumi resources, so
	// reordering entries never replaces one.
	Persona string
	// PrincipalArn is an IAM role ARN (arn:aws:iam::<account>:role/<name>), not the sts
	// assumed-role ARN of a session. Required. EKS keeps one access entry per principal, so a role
	// appears once across AccessEntries and never as AdminRoleArn.
	PrincipalArn string
	// KubernetesGroups are the Kubernetes groups the role is authenticated into, e.g.
	// "ip-platform:auditors". Optional. Groups with a prefix EKS reserves (system:, eks:, aws:,
	// amazon:, iam:) are refused: EKS rejects them, and system:masters would be an admin no RBAC
	// object shows.
	KubernetesGroups []string
	// ClusterAdmin associates AmazonEKSClusterAdminPolicy at cluster scope. Defaults to false.
	// It is for a role that runs `pulumi up`: that role creates the ClusterRoles, bindings, CRDs and
	// webhooks everyone else's rights come from, so its own rights cannot be one of those objects
	// (it would have to exist before the first update, and a bad update could delete it).
	ClusterAdmin bool
}

// reservedGroupPrefixes are the Kubernetes group prefixes an access entry may not use.
func reservedGroupPrefixes() []string { return []string{"system:", "eks:", "aws:", "amazon:", "iam:"} }

// personaPattern keeps personas usable in resource names.
var personaPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*[a-z0-9]$`)

// resourceName is the Pulumi name of the entry's access entry (and policy association).
func (e AccessEntry) resourceName(name string) string {
	_, role, _ := strings.Cut(e.PrincipalArn, ":role/")
	if i := strings.LastIndex(role, "/"); i >= 0 {
		role = role[i+1:] // the role name without its IAM path
	}
	return name + "-access-" + e.Persona + "-" + role
}

// validateAccessEntries checks each entry and that no principal or resource name repeats.
func validateAccessEntries(adminRoleArn string, entries []AccessEntry) error {
	principals := map[string]string{}
	if adminRoleArn != "" {
		principals[adminRoleArn] = "AdminRoleArn"
	}
	names := map[string]string{}
	for i, e := range entries {
		field := fmt.Sprintf("AccessEntries[%d]", i)
		switch {
		case !personaPattern.MatchString(e.Persona):
			return fmt.Errorf("%s.Persona %q must be lower-case letters, digits and dashes, starting with a letter", field, e.Persona)
		case !roleArnPattern.MatchString(e.PrincipalArn):
			return fmt.Errorf("%s.PrincipalArn %q is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)", field, e.PrincipalArn)
		case principals[e.PrincipalArn] != "":
			return fmt.Errorf("%s.PrincipalArn %q is already given access by %s: EKS keeps one access entry per principal", field, e.PrincipalArn, principals[e.PrincipalArn])
		case names[e.resourceName("")] != "":
			return fmt.Errorf("%s: persona %q and role name of %q repeat those of %s; resource names must differ", field, e.Persona, e.PrincipalArn, names[e.resourceName("")])
		case len(e.KubernetesGroups) == 0 && !e.ClusterAdmin:
			return fmt.Errorf("%s grants nothing: set KubernetesGroups, ClusterAdmin or both", field)
		}
		for j, g := range e.KubernetesGroups {
			switch {
			case g == "":
				return fmt.Errorf("%s.KubernetesGroups[%d] is empty", field, j)
			case slices.ContainsFunc(reservedGroupPrefixes(), func(p string) bool { return strings.HasPrefix(g, p) }):
				return fmt.Errorf("%s.KubernetesGroups[%d] %q: EKS refuses groups starting with %s; bind an RBAC role to a group of our own", field, j, g, strings.Join(reservedGroupPrefixes(), ", "))
			case slices.Index(e.KubernetesGroups, g) != j:
				return fmt.Errorf("%s.KubernetesGroups[%d] repeats %q", field, j, g)
			}
		}
		principals[e.PrincipalArn] = field
		names[e.resourceName("")] = field
	}
	return nil
}

// newAdminAccess grants roleArn cluster admin through an access entry, visible in code and state,
// instead of the implicit admin EKS can give to whoever created the cluster. It returns what must
// exist before anything authenticates as that role.
func newAdminAccess(ctx *pulumi.Context, name string, clusterName pulumi.StringInput, roleArn string, parent pulumi.ResourceOption) ([]pulumi.Resource, error) {
	ready, err := newAccessEntry(ctx, name+"-admin", clusterName, AccessEntry{PrincipalArn: roleArn, ClusterAdmin: true}, parent)
	if err != nil {
		return nil, fmt.Errorf("admin %w", err)
	}
	return ready, nil
}

// newAccessEntries creates AccessEntries; it returns what must exist before the roles can use the
// cluster.
func newAccessEntries(ctx *pulumi.Context, name string, clusterName pulumi.StringInput, entries []AccessEntry, parent pulumi.ResourceOption) ([]pulumi.Resource, error) {
	var ready []pulumi.Resource
	for _, e := range entries {
		created, err := newAccessEntry(ctx, e.resourceName(name), clusterName, e, parent)
		if err != nil {
			return nil, fmt.Errorf("%s %w", e.Persona, err)
		}
		ready = append(ready, created...)
	}
	return ready, nil
}

// newAccessEntry creates one access entry named resourceName and, for a cluster admin, its policy
// association under the same name.
func newAccessEntry(ctx *pulumi.Context, resourceName string, clusterName pulumi.StringInput, e AccessEntry, parent pulumi.ResourceOption) ([]pulumi.Resource, error) {
	args := &eks.AccessEntryArgs{
		ClusterName:  clusterName,
		PrincipalArn: pulumi.String(e.PrincipalArn),
		Type:         pulumi.String("STANDARD"),
		Tags:         tags.Name(resourceName),
	}
	if len(e.KubernetesGroups) > 0 {
		args.KubernetesGroups = pulumi.ToStringArray(e.KubernetesGroups)
	}
	entry, err := eks.NewAccessEntry(ctx, resourceName, args, parent)
	if err != nil {
		return nil, fmt.Errorf("access entry: %w", err)
	}
	if !e.ClusterAdmin {
		return []pulumi.Resource{entry}, nil
	}
	association, err := eks.NewAccessPolicyAssociation(ctx, resourceName, &eks.AccessPolicyAssociationArgs{
		ClusterName: clusterName,
		// The entry's principalArn output ties the association to the entry, which must exist first.
		PrincipalArn: entry.PrincipalArn,
		PolicyArn:    pulumi.String(ClusterAdminPolicyArn),
		AccessScope:  eks.AccessPolicyAssociationAccessScopeArgs{Type: pulumi.String("cluster")},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("access policy: %w", err)
	}
	return []pulumi.Resource{entry, association}, nil
}

// accessEntriesInput records the entries in the component's inputs.
func accessEntriesInput(entries []AccessEntry) pulumi.Array {
	out := pulumi.Array{}
	for _, e := range entries {
		out = append(out, pulumi.Map{
			"persona":          pulumi.String(e.Persona),
			"principalArn":     pulumi.String(e.PrincipalArn),
			"kubernetesGroups": pulumi.ToStringArray(e.KubernetesGroups),
			"clusterAdmin":     pulumi.Bool(e.ClusterAdmin),
		})
	}
	return out
}
