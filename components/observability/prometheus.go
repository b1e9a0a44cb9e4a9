package observability

import "fmt"

// obj is a chart values object: the charts' values.yaml trees, built by pure functions.
type obj = map[string]any

// Names the kube-prometheus-stack objects get (fullnameOverride "kps": kps-prometheus, ...).
const (
	kpsFullname = "kps"
	// grafanaAdminSecret is the Kubernetes Secret the ExternalSecret writes and Grafana reads.
	grafanaAdminSecret = "grafana-admin"
	// webhookSecret holds the alert webhook URL, mounted into Alertmanager (url_file), so the URL
	// never appears in the chart values or the Alertmanager config.
	webhookSecret = "alertmanager-webhook"
	webhookKey    = "url"
	storageClass  = "observability-gp3"
)

// volumeClaim is a StatefulSet volume claim template on the stack's encrypted gp3 class.
func volumeClaim(sizeGiB int) obj {
	return obj{"spec": obj{
		"storageClassName": storageClass,
		"accessModes":      []any{"ReadWriteOnce"},
		"resources":        obj{"requests": obj{"storage": fmt.Sprintf("%dGi", sizeGiB)}},
	}}
}

// prometheusStackValues returns the kube-prometheus-stack values. hasWebhook says whether an alert
// receiver is configured.
func prometheusStackValues(a ObservabilityArgs, hasWebhook bool) obj {
	return obj{
		"fullnameOverride": kpsFullname,
		"crds":             obj{"enabled": true},
		"defaultRules": obj{
			"create": true,
			// Our platform rules (rules.go) replace these three, so each condition pages once.
			"disabled": obj{"KubeNodeNotReady": true, "KubePersistentVolumeFillingUp": true, "KubeHpaMaxedOut": true},
		},
		// EKS runs the control plane: etcd, the scheduler and the controller manager are not
		// reachable for scraping, and kube-proxy's metrics bind to localhost.
		"kubeEtcd":              obj{"enabled": false},
		"kubeScheduler":         obj{"enabled": false},
		"kubeControllerManager": obj{"enabled": false},
		"kubeProxy":             obj{"enabled": false},
		"prometheusOperator": obj{
			"resources":                sizeOperator.values(),
			"prometheusConfigReloader": obj{"resources": sizeConfigReloader.values()},
			"admissionWebhooks":        admissionWebhookValues(),
			"networkPolicy":            obj{"enabled": false},
			"securityContext":          restrictedPod(uidNobody, uidNobody),
			"containerSecurityContext": restrictedContainer(true),
		},
		"prometheus":   prometheusValues(a),
		"alertmanager": alertmanagerValues(a, hasWebhook),
		"grafana":      grafanaValues(),
		"kube-state-metrics": obj{
			"resources": sizeKubeStateMetrics.values(),
			// The chart renders securityContext only while its own `enabled` key is true.
			"securityContext":          withKey(restrictedPod(uidNobody, uidNobody), "enabled", true),
			"containerSecurityContext": restrictedContainer(true),
		},
		"prometheus-node-exporter": nodeExporterValues(),
	}
}

// nodeExporterValues: node-exporter needs the host network, the host PID namespace and the node's
// root filesystem (the sub-chart's hostNetwork, hostPID and hostRootFsMount defaults), which no
// Pod Security level short of privileged admits, so the sub-chart installs into AgentsNamespace
// (namespaceOverride). Its ServiceMonitor follows it there (the sub-chart's monitor-namespace
// helper uses namespaceOverride); Prometheus finds it because it selects ServiceMonitors in every
// namespace (prometheusValues).
func nodeExporterValues() obj {
	return obj{
		"namespaceOverride": AgentsNamespace,
		"resources":         sizeNodeExporter.values(),
		"prometheus":        obj{"monitor": obj{"enabled": true}},
		// Every node, the tainted system pool included, must report.
		"tolerations": []any{obj{"operator": "Exists"}},
	}
}

// admissionWebhookValues: the chart's certificate jobs (kube-webhook-certgen, Helm hooks in the
// observability namespace) take the pod context from patch.securityContext and each container's
// from createSecretJob and patchWebhookJob.
func admissionWebhookValues() obj {
	return obj{
		"patch": obj{
			"resources":       sizeWebhookPatch.values(),
			"securityContext": restrictedPod(uidWebhookJob, uidWebhookJob),
		},
		"createSecretJob": obj{"securityContext": restrictedContainer(true)},
		"patchWebhookJob": obj{"securityContext": restrictedContainer(true)},
	}
}

// withKey returns a copy of o with key set.
func withKey(o obj, key string, v any) obj {
	out := obj{key: v}
	for k, e := range o {
		out[k] = e
	}
	return out
}

func prometheusValues(a ObservabilityArgs) obj {
	spec := obj{
		"replicas":  a.PrometheusReplicas,
		"retention": fmt.Sprintf("%dd", a.PrometheusRetentionDays),
		// Stop before the volume fills: a full TSDB volume crashes Prometheus.
		"retentionSize": fmt.Sprintf("%dGB", a.PrometheusStorageGiB*9/10),
		"resources":     sizePrometheus.values(),
		"storageSpec":   obj{"volumeClaimTemplate": volumeClaim(a.PrometheusStorageGiB)},
		// Select every ServiceMonitor and PrometheusRule in the cluster, not only the release's.
		"serviceMonitorSelectorNilUsesHelmValues": false,
		"podMonitorSelectorNilUsesHelmValues":     false,
		"ruleSelectorNilUsesHelmValues":           false,
		// ...and in every namespace: the services' namespaces and AgentsNamespace (node-exporter).
		"serviceMonitorNamespaceSelector": obj{},
		"ruleNamespaceSelector":           obj{},
		"externalLabels":                  obj{"cluster": a.ClusterName},
		// The operator gives each container it generates (prometheus, config-reloader and its init
		// container) allowPrivilegeEscalation false, a read-only root and every capability dropped;
		// the pod context completes the restricted standard.
		"securityContext": restrictedPod(uidPrometheus, gidPrometheus),
	}
	if a.RemoteWriteReceiver {
		spec["enableRemoteWriteReceiver"] = true
	}
	if labels := meshLabels(a.MeshEnrolled); labels != nil {
		spec["podMetadata"] = obj{"labels": labels}
	}
	if a.PrometheusReplicas > 1 {
		// Replicas on one node would die together: spread them over nodes, and nodes over zones.
		spec["podAntiAffinity"] = "hard"
		spec["podAntiAffinityTopologyKey"] = "kubernetes.io/hostname"
	}
	return obj{"prometheusSpec": spec}
}

func alertmanagerValues(a ObservabilityArgs, hasWebhook bool) obj {
	spec := obj{
		"replicas":                          a.AlertmanagerReplicas,
		"resources":                         sizeAlertmanager.values(),
		"retention":                         "120h",
		"storage":                           obj{"volumeClaimTemplate": volumeClaim(2)},
		"alertmanagerConfigMatcherStrategy": obj{"type": "None"},
		"securityContext":                   restrictedPod(uidPrometheus, gidPrometheus),
	}
	if hasWebhook {
		// Mounted at /etc/alertmanager/secrets/<name>/; the receiver reads the URL from there.
		spec["secrets"] = []any{webhookSecret}
	}
	if a.AlertmanagerReplicas > 1 {
		spec["podAntiAffinity"] = "hard"
		spec["podAntiAffinityTopologyKey"] = "kubernetes.io/hostname"
	}
	return obj{"alertmanagerSpec": spec, "config": alertmanagerConfig(hasWebhook)}
}

// grafanaValues wires Grafana to its admin Secret, the three datasources and the dashboard sidecar.
func grafanaValues() obj {
	return obj{
		"resources": sizeGrafana.values(),
		"admin": obj{
			"existingSecret": grafanaAdminSecret,
			"userKey":        "admin-user",
			"passwordKey":    "admin-password",
		},
		// Dashboards and datasources are provisioned; nothing on disk needs to survive a restart.
		"persistence": obj{"enabled": false},
		// init-chown-data runs as root with CHOWN added (DAC_OVERRIDE too in grafana chart 12.11.1;
		// not even baseline-clean); with no persistent volume there is nothing to chown.
		"initChownData":            obj{"enabled": false},
		"securityContext":          restrictedPod(uidGrafana, uidGrafana),
		"containerSecurityContext": restrictedContainer(false),
		"testFramework":            obj{"enabled": false},
		// Grafana 13 needs a token for the image renderer; the grafana chart (12.x) makes one with
		// randAlphaNum (or a lookup, which a preview cannot do) whenever the renderer is on, so every
		// render would differ and no second preview would be empty. Panels render in the browser.
		"imageRenderer":             obj{"enabled": false},
		"defaultDashboardsTimezone": "utc",
		"sidecar": obj{
			"resources":       sizeGrafanaSidecar.values(),
			"securityContext": restrictedContainer(false),
			"dashboards":      obj{"enabled": true, "label": dashboardLabel, "labelValue": "1", "searchNamespace": Namespace},
			"datasources":     obj{"enabled": true, "defaultDatasourceEnabled": true, "uid": datasourcePrometheus},
		},
		"additionalDataSources": grafanaDatasources(),
	}
}

// Datasource UIDs the dashboards refer to.
const (
	datasourcePrometheus = "prometheus"
	datasourceLoki       = "loki"
	datasourceJaeger     = "jaeger"
)

// grafanaDatasources are Loki and Jaeger (the chart provisions Prometheus itself, uid
// "prometheus"). Jaeger links traces to their logs in Loki by trace ID.
func grafanaDatasources() []any {
	return []any{
		obj{
			"name": "Loki", "uid": datasourceLoki, "type": "loki", "access": "proxy", "url": lokiURL,
			"jsonData": obj{"derivedFields": []any{obj{
				"name": "TraceID", "matcherRegex": `"?trace_?[iI][dD]"?[:=]"?(\w+)`,
				"url": "${__value.raw}", "datasourceUid": datasourceJaeger,
			}}},
		},
		obj{
			"name": "Jaeger", "uid": datasourceJaeger, "type": "jaeger", "access": "proxy", "url": jaegerQuery,
			"jsonData": obj{"tracesToLogsV2": obj{"datasourceUid": datasourceLoki, "filterByTraceID": true}},
		},
	}
}
