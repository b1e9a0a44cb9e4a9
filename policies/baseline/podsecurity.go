package baseline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// defaultExemptNamespaces are the namespaces the Pod Security rules do not judge:
//   - kube-system, kube-public, kube-node-lease belong to Kubernetes and EKS, whose system pods
//     need host access (the program only adds cluster-autoscaler, the load balancer controller and
//     metrics-server there);
//   - observability-agents holds exactly the two node agents of the monitoring stack:
//     node-exporter (host network, host PID namespace, the node's root filesystem) and the
//     log-collecting OpenTelemetry DaemonSet (host paths under /var/log). Pod Security Admission
//     cannot exempt pod by pod, so that namespace enforces privileged and warns and audits at
//     restricted (components/observability). The rest of the stack, in observability, is judged
//     like any other namespace and enforces restricted;
//   - istio-system holds the service mesh's control plane and node agents: istio-cni (a privileged
//     container writing the node's CNI configuration through host paths) and ztunnel (NET_ADMIN,
//     SYS_ADMIN and root, to open sockets inside enrolled pods' network namespaces). It enforces
//     privileged and warns and audits at restricted (components/mesh); ambient mode is what keeps
//     that privilege out of the service namespaces, which stay restricted.
func defaultExemptNamespaces() []string {
	return []string{"kube-system", "kube-public", "kube-node-lease", "observability-agents", "istio-system"}
}

func exemptNamespacesSchema() map[string]any {
	return map[string]any{
		"type": "array", "items": map[string]any{"type": "string"},
		"default":     schemaStrings(defaultExemptNamespaces()),
		"description": "Namespaces the policy does not judge.",
	}
}

// NamespacePodSecurityPolicy: every namespace the program creates enforces the Pod Security
// Standard `restricted`, so the API server refuses a pod that asks for root, host access or
// extra capabilities, whoever applies it.
func NamespacePodSecurityPolicy() Policy {
	return Policy{
		Name:        "namespace-pod-security",
		Description: "Namespaces are labelled pod-security.kubernetes.io/enforce: restricted.",
		Enforcement: policyx.EnforcementLevelMandatory,
		Schema:      &policyx.ConfigSchema{Properties: map[string]map[string]any{"exemptNamespaces": exemptNamespacesSchema()}},
		CheckResource: func(r Resource, _ string, config map[string]any) []string {
			if r.Type != TypeNamespace || exempt(objectName(r), configStrings(config, "exemptNamespaces", defaultExemptNamespaces())) {
				return nil
			}
			return NamespacePodSecurity(r.Properties)
		},
	}
}

// NamespacePodSecurity judges a Namespace's Pod Security Admission labels.
func NamespacePodSecurity(ns property.Map) []string {
	f := get(ns, "metadata", "labels", LabelPodSecurityEnforce)
	if f.unknown {
		return nil
	}
	if level, _ := f.str(); level != "restricted" {
		if level == "" {
			level = "unset (privileged)"
		}
		return []string{fmt.Sprintf("%s is %s; want restricted", LabelPodSecurityEnforce, level)}
	}
	return nil
}

// ContainerSecurityContextPolicy: every container runs as the restricted Pod Security Standard
// requires, plus a read-only root filesystem (the platform's baseline: a compromised process
// cannot drop tools into the image).
func ContainerSecurityContextPolicy() Policy {
	return Policy{
		Name:        "container-security-context",
		Description: "Containers run non-root, without privilege escalation, with all capabilities dropped, seccomp RuntimeDefault and a read-only root filesystem.",
		Enforcement: policyx.EnforcementLevelMandatory,
		Schema:      &policyx.ConfigSchema{Properties: map[string]map[string]any{"exemptNamespaces": exemptNamespacesSchema()}},
		CheckResource: func(r Resource, _ string, config map[string]any) []string {
			spec, ok := podSpec(r.Type, r.Properties)
			if !ok || exempt(namespaceOf(r.Properties), configStrings(config, "exemptNamespaces", defaultExemptNamespaces())) {
				return nil
			}
			return ContainerSecurityContext(spec)
		},
	}
}

// ContainerSecurityContext judges the security context of every container of a pod spec; the
// pod-level context supplies runAsNonRoot and seccompProfile where a container leaves them out.
func ContainerSecurityContext(spec property.Map) []string {
	pod := get(spec, "securityContext").object()
	var out []string
	for _, c := range containers(spec) {
		sc := get(c.props, "securityContext")
		if sc.unknown {
			continue
		}
		ctx := sc.object()
		var wrong []string
		if f := get(ctx, "privileged"); f.isTrue() {
			wrong = append(wrong, "privileged is true")
		}
		if f := get(ctx, "allowPrivilegeEscalation"); !f.unknown && !f.isFalse() {
			wrong = append(wrong, "allowPrivilegeEscalation is not false")
		}
		if f := get(ctx, "readOnlyRootFilesystem"); !f.unknown && !f.isTrue() {
			wrong = append(wrong, "readOnlyRootFilesystem is not true")
		}
		if f := inherited(ctx, pod, "runAsNonRoot"); !f.unknown && !f.isTrue() {
			wrong = append(wrong, "runAsNonRoot is not true (container or pod)")
		}
		if f := get(ctx, "capabilities", "drop"); !f.unknown && !f.hasUnknownElement() && !slices.Contains(f.strings(), "ALL") {
			wrong = append(wrong, "capabilities.drop does not include ALL")
		}
		if f := inherited(ctx, pod, "seccompProfile", "type"); !f.unknown {
			if t, _ := f.str(); t != "RuntimeDefault" && t != "Localhost" {
				wrong = append(wrong, "seccompProfile.type is not RuntimeDefault or Localhost (container or pod)")
			}
		}
		if len(wrong) > 0 {
			out = append(out, fmt.Sprintf("%s: securityContext: %s", c.label(), strings.Join(wrong, "; ")))
		}
	}
	return out
}

// inherited reads a security setting from the container's context, else the pod's.
func inherited(containerCtx, podCtx property.Map, path ...string) field {
	if f := get(containerCtx, path...); !f.missing {
		return f
	}
	return get(podCtx, path...)
}
