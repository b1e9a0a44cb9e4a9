package rbac

import (
	"fmt"

	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	rbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// rbacAPIGroup is the API group of Roles, ClusterRoles and group subjects.
const rbacAPIGroup = "rbac.authorization.k8s.io"

// LabelPersona marks each object with the persona it serves.
const LabelPersona = "ip-platform/persona"

// Personas are the RBAC objects of the platform's personas on one cluster.
type Personas struct {
	pulumi.ResourceState

	// Groups maps each persona ("platform-admin", "auditor", "developer-<team>") to the Kubernetes
	// group its bindings name.
	Groups map[string]string
}

// NewPersonas creates the personas' Roles, ClusterRoles and bindings; see the package doc.
func NewPersonas(ctx *pulumi.Context, name string, args *PersonasArgs, opts ...pulumi.ResourceOption) (*Personas, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	teams := pulumi.Array{}
	for _, t := range a.Teams {
		teams = append(teams, pulumi.Map{"name": pulumi.String(t.Name), "namespace": pulumi.String(t.Namespace)})
	}
	p := &Personas{Groups: map[string]string{"platform-admin": AdminGroup, "auditor": AuditorGroup}}
	if err := ctx.RegisterComponentResourceV2("ip-platform:rbac:Personas", name, pulumi.Map{
		"teams":         teams,
		"developerExec": pulumi.Bool(a.DeveloperExec),
	}, p, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(p)
	fail := func(err error) (*Personas, error) { return nil, fmt.Errorf("rbac %s: %w", name, err) }

	if _, err := rbacv1.NewClusterRoleBinding(ctx, name+"-platform-admins", &rbacv1.ClusterRoleBindingArgs{
		Metadata: meta(AdminBindingName, "", "platform-admin"),
		RoleRef:  roleRef("ClusterRole", pulumi.String(ClusterAdminRole)),
		Subjects: group(AdminGroup),
	}, parent); err != nil {
		return fail(fmt.Errorf("platform admins: %w", err))
	}

	auditor, err := rbacv1.NewClusterRole(ctx, name+"-auditor", &rbacv1.ClusterRoleArgs{
		Metadata: meta(AuditorRoleName, "", "auditor"),
		Rules:    policyRules(AuditorRules()),
	}, parent)
	if err != nil {
		return fail(fmt.Errorf("auditor role: %w", err))
	}
	if _, err := rbacv1.NewClusterRoleBinding(ctx, name+"-auditor", &rbacv1.ClusterRoleBindingArgs{
		Metadata: meta(AuditorBindingName, "", "auditor"),
		// The role's name output makes the binding wait for the role.
		RoleRef:  roleRef("ClusterRole", auditor.Metadata.Name().Elem()),
		Subjects: group(AuditorGroup),
	}, parent); err != nil {
		return fail(fmt.Errorf("auditor binding: %w", err))
	}

	for _, t := range a.Teams {
		if err := newTeam(ctx, name, t, a.DeveloperExec, parent); err != nil {
			return fail(err)
		}
		p.Groups["developer-"+t.Name] = DeveloperGroup(t.Name)
	}
	return p, ctx.RegisterResourceOutputs(p, pulumi.Map{"groups": pulumi.ToStringMap(p.Groups)})
}

// newTeam creates a team's Role in its namespace and binds it to the team's group.
func newTeam(ctx *pulumi.Context, name string, t Team, exec bool, parent pulumi.ResourceOption) error {
	persona := "developer-" + t.Name
	role, err := rbacv1.NewRole(ctx, name+"-developer-"+t.Name, &rbacv1.RoleArgs{
		Metadata: meta(DeveloperRoleName, t.Namespace, persona),
		Rules:    policyRules(DeveloperRules(exec)),
	}, parent)
	if err != nil {
		return fmt.Errorf("developer role %s: %w", t.Name, err)
	}
	if _, err := rbacv1.NewRoleBinding(ctx, name+"-developer-"+t.Name, &rbacv1.RoleBindingArgs{
		Metadata: meta(DeveloperBindingName, t.Namespace, persona),
		RoleRef:  roleRef("Role", role.Metadata.Name().Elem()),
		Subjects: group(DeveloperGroup(t.Name)),
	}, parent); err != nil {
		return fmt.Errorf("developer binding %s: %w", t.Name, err)
	}
	return nil
}

func meta(objectName, namespace, persona string) *metav1.ObjectMetaArgs {
	m := &metav1.ObjectMetaArgs{
		Name: pulumi.String(objectName),
		Labels: pulumi.StringMap{
			"app.kubernetes.io/part-of": pulumi.String("ip-platform"),
			LabelPersona:                pulumi.String(persona),
		},
	}
	if namespace != "" {
		m.Namespace = pulumi.String(namespace)
	}
	return m
}

func roleRef(kind string, roleName pulumi.StringInput) rbacv1.RoleRefArgs {
	return rbacv1.RoleRefArgs{ApiGroup: pulumi.String(rbacAPIGroup), Kind: pulumi.String(kind), Name: roleName}
}

func group(name string) rbacv1.SubjectArray {
	return rbacv1.SubjectArray{rbacv1.SubjectArgs{ApiGroup: pulumi.String(rbacAPIGroup), Kind: pulumi.String("Group"), Name: pulumi.String(name)}}
}
