package rbac

import (
	rbacv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/rbac/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Rule is one RBAC policy rule: the verbs allowed on the resources of the API groups ("" is the
// core group). Every field is an explicit list; none holds "*".
type Rule struct {
	APIGroups []string
	Resources []string
	Verbs     []string
}

// readVerbs are what "read" means: one object, a list, and a watch of changes.
func readVerbs() []string { return []string{"get", "list", "watch"} }

// read is a read-only rule on resources of one API group.
func read(group string, resources ...string) Rule {
	return Rule{APIGroups: []string{group}, Resources: resources, Verbs: readVerbs()}
}

// DeveloperRules are what a team's developers may do in their service's namespace: read what runs
// there and why it is (un)healthy. Never Secrets (the database credentials live in one), nor
// anything that changes state; deploying is the pipeline's job. With exec, also a shell in a pod
// and port-forwarding to it, for debugging outside production.
func DeveloperRules(exec bool) []Rule {
	rules := []Rule{
		read("", "configmaps", "endpoints", "events", "limitranges", "persistentvolumeclaims", "pods", "pods/log",
			"resourcequotas", "serviceaccounts", "services"),
		read("apps", "deployments", "replicasets", "statefulsets"),
		read("autoscaling", "horizontalpodautoscalers"),
		read("batch", "cronjobs", "jobs"),
		read("discovery.k8s.io", "endpointslices"),
		read("events.k8s.io", "events"),
		read("networking.k8s.io", "ingresses", "networkpolicies"),
		read("policy", "poddisruptionbudgets"),
		// The VPA's recommendations, and the ExternalSecret's sync status (the SecretStore and
		// ExternalSecret name remote keys, never a value).
		read("autoscaling.k8s.io", "verticalpodautoscalers"),
		read("external-secrets.io", "externalsecrets", "secretstores"),
		// kubectl top.
		read("metrics.k8s.io", "pods"),
	}
	if exec {
		// kubectl sends exec and port-forward as a POST (create) over SPDY, and since 1.31 as a
		// GET (get) over WebSockets, which the API server also checks for create.
		rules = append(rules, Rule{APIGroups: []string{""}, Resources: []string{"pods/exec", "pods/portforward"}, Verbs: []string{"create", "get"}})
	}
	return rules
}

// AuditorRules are a cluster-wide view for reviewers: every namespace's workloads, their logs and
// events, and how the cluster is secured (RBAC, network policies, admission webhooks, Pod Security
// labels on namespaces). Never Secrets, nor exec, port-forward, attach or the node and service
// proxies, which would reach past the API into pods.
func AuditorRules() []Rule {
	return []Rule{
		read("", "configmaps", "endpoints", "events", "limitranges", "namespaces", "nodes", "persistentvolumeclaims",
			"persistentvolumes", "pods", "pods/log", "replicationcontrollers", "resourcequotas", "serviceaccounts", "services"),
		read("apps", "controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets"),
		read("autoscaling", "horizontalpodautoscalers"),
		read("batch", "cronjobs", "jobs"),
		read("discovery.k8s.io", "endpointslices"),
		read("events.k8s.io", "events"),
		read("networking.k8s.io", "ingressclasses", "ingresses", "networkpolicies"),
		read("policy", "poddisruptionbudgets"),
		read("rbac.authorization.k8s.io", "clusterrolebindings", "clusterroles", "rolebindings", "roles"),
		read("storage.k8s.io", "storageclasses"),
		read("scheduling.k8s.io", "priorityclasses"),
		read("apiextensions.k8s.io", "customresourcedefinitions"),
		read("admissionregistration.k8s.io", "mutatingwebhookconfigurations", "validatingadmissionpolicies",
			"validatingadmissionpolicybindings", "validatingwebhookconfigurations"),
		read("autoscaling.k8s.io", "verticalpodautoscalers"),
		read("external-secrets.io", "clustersecretstores", "externalsecrets", "secretstores"),
		read("monitoring.coreos.com", "podmonitors", "prometheusrules", "servicemonitors"),
		read("metrics.k8s.io", "nodes", "pods"),
	}
}

// policyRules converts rules to the provider's input type.
func policyRules(rules []Rule) rbacv1.PolicyRuleArray {
	out := make(rbacv1.PolicyRuleArray, len(rules))
	for i, r := range rules {
		out[i] = rbacv1.PolicyRuleArgs{
			ApiGroups: pulumi.ToStringArray(r.APIGroups),
			Resources: pulumi.ToStringArray(r.Resources),
			Verbs:     pulumi.ToStringArray(r.Verbs),
		}
	}
	return out
}
