package rbac

import (
	"fmt"
	"regexp"
	"slices"
)

// PersonasArgs describes the personas of one cluster.
type PersonasArgs struct {
	// Teams are the developer teams, one per service namespace. Optional; without teams only the
	// admin and auditor objects are created.
	Teams []Team
	// DeveloperExec lets developers exec into and port-forward to the pods of their namespace.
	// Defaults to false: a shell in a production pod reads whatever the pod can (its mounted
	// Secrets, its IRSA credentials), so only dev and staging should set it.
	DeveloperExec bool
}

// Team is the developers of one service.
type Team struct {
	// Name is the team's service, e.g. "trademark"; the group is DeveloperGroup(Name). Required:
	// a DNS label, unique among Teams.
	Name string
	// Namespace is where the team may read. Defaults to Name (each IP service lives in a namespace
	// of its own name).
	Namespace string
}

// dnsLabel is a Kubernetes namespace name (RFC 1123 label).
var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// withDefaults validates args and returns a copy with the defaults filled in.
func withDefaults(name string, args *PersonasArgs) (PersonasArgs, error) {
	a := PersonasArgs{}
	if args != nil {
		a = *args
	}
	a.Teams = slices.Clone(a.Teams)
	for i := range a.Teams {
		if a.Teams[i].Namespace == "" {
			a.Teams[i].Namespace = a.Teams[i].Name
		}
	}
	if err := a.validate(); err != nil {
		return PersonasArgs{}, fmt.Errorf("rbac %s: %w", name, err)
	}
	return a, nil
}

func (a PersonasArgs) validate() error {
	for i, t := range a.Teams {
		switch {
		case t.Name == "":
			return fmt.Errorf("Teams[%d].Name is required", i)
		case !dnsLabel.MatchString(t.Name):
			return fmt.Errorf("Teams[%d].Name %q must be a DNS label (lower-case letters, digits, '-')", i, t.Name)
		case !dnsLabel.MatchString(t.Namespace):
			return fmt.Errorf("Teams[%d].Namespace %q is not a namespace name", i, t.Namespace)
		case slices.IndexFunc(a.Teams, func(o Team) bool { return o.Name == t.Name }) != i:
			return fmt.Errorf("Teams[%d].Name %q repeats an earlier team", i, t.Name)
		case slices.IndexFunc(a.Teams, func(o Team) bool { return o.Namespace == t.Namespace }) != i:
			// One Role and RoleBinding name per namespace.
			return fmt.Errorf("Teams[%d].Namespace %q is already another team's", i, t.Namespace)
		}
	}
	return nil
}
