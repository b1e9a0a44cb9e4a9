package config

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Access maps IAM roles to the cluster's personas (ip-platform:access). The platform admin role of
// cluster.adminRoleArn is a persona too; the roles here come on top of it.
type Access struct {
	// PlatformAdminRoleArns are further cluster admins (a break-glass role, a second team's admin
	// role), through the platform admins' Kubernetes group bound to cluster-admin.
	PlatformAdminRoleArns []string
	// CIDeployerRoleArn is the role CI runs `pulumi up` with; empty when CI deploys as
	// cluster.adminRoleArn.
	CIDeployerRoleArn string
	// AuditorRoleArns get a read-only view of the whole cluster, without Secrets.
	AuditorRoleArns []string
	// Developers maps a service name to the roles of its developers, who read their service's
	// namespace.
	Developers map[string][]string
	// DeveloperExec lets developers exec into and port-forward to their service's pods; never in
	// prod.
	DeveloperExec bool
}

// accessProfile returns the environment's access defaults: developers may debug inside their pods
// in dev and staging, never in prod, where a shell reads the pod's Secrets and IAM credentials.
func accessProfile(env Environment) Access {
	return Access{DeveloperExec: env != Prod}
}

// accessFields are the fields of ip-platform:access, one per persona plus developerExec.
func accessFields() []string {
	return []string{"platformAdminRoleArns", "ciDeployerRoleArn", "auditorRoleArns", "developers", "developerExec"}
}

func parseAccess(p *problems, values map[string]string, cfg *Config) {
	a := accessProfile(cfg.Environment)
	if o := structured(p, values, "access"); o != nil {
		o.strings("platformAdminRoleArns", &a.PlatformAdminRoleArns)
		o.string("ciDeployerRoleArn", &a.CIDeployerRoleArn)
		o.strings("auditorRoleArns", &a.AuditorRoleArns)
		if v, set := o.get("developers"); set {
			a.Developers = parseDevelopers(p, o.child("developers"), v)
		}
		o.bool("developerExec", &a.DeveloperExec)
		for _, k := range slices.Sorted(maps.Keys(o.fields)) {
			if !slices.Contains(accessFields(), k) {
				p.add(o.child(k), "is not a known persona; allowed: %s", strings.Join(accessFields(), ", "))
			}
		}
		o.done()
	}
	cfg.Access = a
}

// parseDevelopers reads {<service>: [roleArn, ...]}; services are the IP services' names.
func parseDevelopers(p *problems, path string, v any) map[string][]string {
	m, ok := v.(map[string]any)
	if !ok {
		p.add(path, "must be a map of service names to lists of IAM role ARNs, got %s", describe(v))
		return nil
	}
	out := map[string][]string{}
	services := make([]string, 0, len(m))
	for s := range m {
		services = append(services, s)
	}
	sort.Strings(services)
	for _, s := range services {
		if !slices.Contains(ServiceNames(), s) {
			p.add(path+"."+s, "is not a known service; allowed: %s", strings.Join(ServiceNames(), ", "))
			continue
		}
		var arns []string
		if m[s] != nil {
			readStrings(p, path+"."+s, m[s], &arns)
		}
		out[s] = arns
	}
	return out
}

// validateAccess checks every role ARN and that each role holds one persona: EKS keeps one access
// entry per principal, so a role listed twice could not be given both.
func validateAccess(p *problems, c *Config) {
	a := c.Access
	if c.Environment == Prod && a.DeveloperExec {
		p.add(key("access.developerExec"), "must be false in prod: a shell in a production pod reads its Secrets and IAM credentials; debug in staging")
	}
	seen := map[string]string{}
	if c.Cluster.AdminRoleArn != "" {
		seen[c.Cluster.AdminRoleArn] = key("cluster.adminRoleArn")
	}
	check := func(path, arn string) {
		switch {
		case !roleArnPattern.MatchString(arn):
			p.add(path, "must be an IAM role ARN such as arn:aws:iam::111122223333:role/security-auditor, got %q", arn)
		case seen[arn] != "":
			p.add(path, "repeats the role of %s: EKS gives a role one access entry, so a role holds one persona", seen[arn])
		default:
			seen[arn] = path
		}
	}
	list := func(field string, arns []string) {
		for i, arn := range arns {
			check(fmt.Sprintf("%s[%d]", key("access."+field), i), arn)
		}
	}
	list("platformAdminRoleArns", a.PlatformAdminRoleArns)
	if a.CIDeployerRoleArn != "" {
		check(key("access.ciDeployerRoleArn"), a.CIDeployerRoleArn)
	}
	list("auditorRoleArns", a.AuditorRoleArns)
	for _, s := range ServiceNames() {
		list("developers."+s, a.Developers[s])
	}
}

// accessKeys documents ip-platform:access.
func accessKeys() []Key {
	return []Key{
		{Name: "access", Type: "object", ProjectDefault: map[string]any{}, Default: "no roles besides cluster.adminRoleArn",
			Description: "IAM roles of the cluster's personas, each given an EKS access entry (fields below). A role may hold one persona only."},
		{Name: "access.platformAdminRoleArns", Type: "array", Items: "string", Default: "[]",
			Description: "Further cluster admins besides cluster.adminRoleArn (a break-glass role): the platform admins' Kubernetes group, bound to cluster-admin."},
		{Name: "access.ciDeployerRoleArn", Type: "string", Default: "none (CI deploys as cluster.adminRoleArn)",
			Description: "The role CI runs pulumi up with: the EKS cluster-admin access policy, since it creates the RBAC objects, CRDs and webhooks."},
		{Name: "access.auditorRoleArns", Type: "array", Items: "string", Default: "[]",
			Description: "Read-only auditors: get, list and watch cluster-wide, RBAC included; never Secrets, exec or port-forward."},
		{Name: "access.developers", Type: "object", Default: "{}",
			Description: "Service name (trademark, copyright, recommendation) to the IAM role ARNs of its developers, who read their service's namespace: workloads, pods, logs, events; never Secrets."},
		{Name: "access.developerExec", Type: "boolean", Default: "dev, staging: true; prod: false",
			Description: "Developers may exec into and port-forward to the pods of their namespace. Refused in prod."},
	}
}
