package rbac

// The Kubernetes groups the personas' bindings name. EKS access entries (or any other
// authenticator) put people into them; the names never start with "system:", which EKS refuses.
const (
	// AdminGroup is bound to cluster-admin.
	AdminGroup = "ip-platform:platform-admins"
	// AuditorGroup is bound to the auditor ClusterRole.
	AuditorGroup = "ip-platform:auditors"
	// developerGroupPrefix precedes the team name in a developer group.
	developerGroupPrefix = "ip-platform:developers:"
)

// DeveloperGroup is the Kubernetes group of one team's developers, e.g.
// "ip-platform:developers:trademark".
func DeveloperGroup(team string) string { return developerGroupPrefix + team }

// Names of the objects NewPersonas creates.
const (
	AdminBindingName     = "ip-platform:platform-admins"
	AuditorRoleName      = "ip-platform:auditor"
	AuditorBindingName   = "ip-platform:auditors"
	DeveloperRoleName    = "ip-platform:developer"
	DeveloperBindingName = "ip-platform:developers"
	// ClusterAdminRole is Kubernetes' built-in superuser ClusterRole.
	ClusterAdminRole = "cluster-admin"
)
