package observability

// Pod Security Standard levels, the values of the pod-security.kubernetes.io/* namespace labels.
const (
	levelRestricted = "restricted"
	levelPrivileged = "privileged"
)

// namespaceLabels are a namespace's Pod Security labels: enforce at the given level, warn and
// audit at restricted always, so whatever a privileged namespace admits beyond restricted stays
// visible in kubectl warnings and the audit log.
func namespaceLabels(enforce string) map[string]string {
	return map[string]string{
		"pod-security.kubernetes.io/enforce": enforce,
		"pod-security.kubernetes.io/warn":    levelRestricted,
		"pod-security.kubernetes.io/audit":   levelRestricted,
		"app.kubernetes.io/part-of":          "ip-platform",
	}
}

// restrictedPod is a pod-level securityContext meeting the restricted Pod Security Standard: a
// non-root user (the image's own, so files it owns in the image stay readable), fsGroup so the
// volumes are writable by it, and the runtime's default seccomp profile for every container.
// Values are set in full rather than relying on a chart's defaults, which change between versions.
func restrictedPod(uid, gid int) obj {
	return obj{
		"runAsNonRoot": true, "runAsUser": uid, "runAsGroup": gid, "fsGroup": gid,
		"seccompProfile": obj{"type": "RuntimeDefault"},
	}
}

// restrictedContainer is a container-level securityContext meeting the restricted standard: no
// privilege escalation and every capability dropped (which only the container level can say),
// seccomp repeated so the container passes on its own. readOnlyRoot is true where the process
// writes only to its volumes; restricted does not require it.
func restrictedContainer(readOnlyRoot bool) obj {
	return obj{
		"allowPrivilegeEscalation": false,
		"readOnlyRootFilesystem":   readOnlyRoot,
		"runAsNonRoot":             true,
		"capabilities":             obj{"drop": []any{"ALL"}},
		"seccompProfile":           obj{"type": "RuntimeDefault"},
	}
}

// The users the charts' images run as (their Dockerfiles' USER), used as runAsUser.
const (
	uidNobody     = 65534 // prometheus-operator, kube-state-metrics (the charts' defaults)
	uidPrometheus = 1000  // Prometheus and Alertmanager, group 2000 (kube-prometheus-stack's defaults)
	gidPrometheus = 2000
	uidWebhookJob = 2000  // kube-webhook-certgen (kube-prometheus-stack's default)
	uidGrafana    = 472   // grafana/grafana
	uidLoki       = 10001 // grafana/loki
	uidNginx      = 101   // nginxinc/nginx-unprivileged, Loki's gateway
	uidMemcached  = 11211 // memcached
	uidJaeger     = 10001 // jaegertracing/jaeger (v2; the 4.11.1 chart's default podSecurityContext)
	uidCollector  = 10001 // otel/opentelemetry-collector-contrib
)
