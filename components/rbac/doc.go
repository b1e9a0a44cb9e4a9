// Package rbac builds the Kubernetes RBAC of the platform's personas: who may do what inside the
// cluster, as Roles, ClusterRoles and their bindings to Kubernetes groups. It holds no AWS
// resource; how a person becomes a member of a group is the cluster's business (on EKS, access
// entries created by components/cluster put IAM roles into these groups), so the same objects
// deploy to any cluster.
//
// NewPersonas creates, one set per cluster (the object names are fixed):
//   - platform admins: ClusterRoleBinding "ip-platform:platform-admins" of AdminGroup to the
//     built-in ClusterRole cluster-admin, the only binding to cluster-admin the platform makes;
//   - auditors: ClusterRole "ip-platform:auditor" (get, list, watch on the workload, networking,
//     policy, RBAC, storage and extension APIs cluster-wide; never Secrets, never exec, port-forward
//     or proxies) bound to AuditorGroup;
//   - developers, one team per service: Role "ip-platform:developer" in the team's namespace (get,
//     list, watch on its workloads, pods and their logs, events, autoscalers, disruption budgets,
//     network policies; no Secrets), plus pods/exec and pods/portforward when DeveloperExec is
//     set, bound to DeveloperGroup(team) by RoleBinding "ip-platform:developers".
//
// Every rule lists its API groups, resources and verbs: no "*" anywhere (policy rbac-no-wildcards).
// The role that runs `pulumi up` gets no object here: it creates these objects, so its own rights
// are the EKS cluster-admin access policy (components/cluster, AccessEntry.ClusterAdmin).
//
// Pass the Kubernetes provider in opts; the teams' namespaces must exist first (pulumi.DependsOn).
package rbac
