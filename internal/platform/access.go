package platform

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/cluster"
	"github.com/ip-platform/infra/components/rbac"
	"github.com/ip-platform/infra/internal/config"
)

// Personas and how each gets its rights:
//
//   - platform admin: cluster.adminRoleArn has the EKS cluster-admin access policy (its entry is
//     the cluster component's own, the one the Kubernetes provider was first built to wait for);
//     access.platformAdminRoleArns join rbac.AdminGroup, bound to cluster-admin in the cluster;
//   - CI deployer: the EKS cluster-admin access policy, not a ClusterRoleBinding to cluster-admin.
//     `pulumi up` creates the ClusterRoles and bindings, the CRDs and the webhook configurations,
//     and Kubernetes only lets a subject grant rights it holds, so the deployer needs everything;
//     a binding would be one of the objects it deploys (absent on a new cluster, deletable by a
//     bad update, which would lock CI out mid-update), and EKS refuses system:masters. The
//     association lives in AWS, outside anything the deployer can break from inside the cluster;
//   - auditors and each service's developers: their Kubernetes group only; what the group may do
//     is the RBAC of components/rbac.

// accessEntries are the cluster's access entries for the personas of ip-platform:access, in a
// fixed order (admins, CI, auditors, developers by service).
func accessEntries(cfg *config.Config) []cluster.AccessEntry {
	a := cfg.Access
	var out []cluster.AccessEntry
	for _, arn := range a.PlatformAdminRoleArns {
		out = append(out, cluster.AccessEntry{Persona: "platform-admin", PrincipalArn: arn, KubernetesGroups: []string{rbac.AdminGroup}})
	}
	if a.CIDeployerRoleArn != "" {
		out = append(out, cluster.AccessEntry{Persona: "ci-deployer", PrincipalArn: a.CIDeployerRoleArn, ClusterAdmin: true})
	}
	for _, arn := range a.AuditorRoleArns {
		out = append(out, cluster.AccessEntry{Persona: "auditor", PrincipalArn: arn, KubernetesGroups: []string{rbac.AuditorGroup}})
	}
	for _, svc := range cfg.Services {
		for _, arn := range a.Developers[svc.Name] {
			out = append(out, cluster.AccessEntry{Persona: "developer-" + svc.Name, PrincipalArn: arn, KubernetesGroups: []string{rbac.DeveloperGroup(svc.Name)}})
		}
	}
	return out
}

// buildAccess creates the personas' Kubernetes RBAC: a developer team per service, in the
// service's namespace. It waits for the namespaces only, not for the services' rollouts: a team
// needs its access most when its rollout fails.
func (p *Platform) buildAccess(ctx *pulumi.Context) error {
	if p.Services == nil {
		return fmt.Errorf("access: the services must be built first")
	}
	teams := make([]rbac.Team, 0, len(p.Services.ByName))
	after := make([]pulumi.Resource, 0, len(p.Services.ByName))
	for _, s := range p.Services.ByName {
		teams = append(teams, rbac.Team{Name: s.ServiceName, Namespace: s.Namespace})
		after = append(after, s.NamespaceCreated)
	}
	_, err := rbac.NewPersonas(ctx, p.Config.ClusterName()+"-rbac", &rbac.PersonasArgs{
		Teams:         teams,
		DeveloperExec: p.Config.Access.DeveloperExec,
	}, pulumi.Provider(p.In.Provider), pulumi.DependsOn(after))
	if err != nil {
		return fmt.Errorf("access: %w", err)
	}
	return nil
}
