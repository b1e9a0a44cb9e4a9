package observability

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/promrules"
)

// monitoringAPIVersion is the Prometheus operator's API group, whose CRDs kube-prometheus-stack
// installs: every ServiceMonitor and PrometheusRule waits for that release.
const monitoringAPIVersion = "monitoring.coreos.com/v1"

// Pod labels the service monitors read (components/ipservice sets them on every pod).
const (
	labelName  = "app.kubernetes.io/name"
	labelTrack = "ip-platform.io/track"
	labelColor = "ip-platform.io/color"
)

// podMonitorSpec scrapes a service's metrics port on each of its pods, once. A ServiceMonitor
// scrapes per Service endpoint: a service with a Service per track (meshCanary: the service's,
// which selects the stable track, and one per track) had its stable pods scraped twice and every
// sum over them doubled. Pods are selected by the name label alone, so every track and color is a
// target; job is that label (the alerts' selector) and track and color become target labels, so
// a canary's series can be told from the stable ones'.
func podMonitorSpec(t ScrapeTarget) obj {
	return obj{
		"namespaceSelector": obj{"matchNames": []any{t.Namespace}},
		"selector":          obj{"matchLabels": obj{labelName: t.Name}},
		"jobLabel":          labelName,
		"podTargetLabels":   []any{labelTrack, labelColor},
		"podMetricsEndpoints": []any{obj{
			"port": t.PortName, "path": t.Path, "interval": "30s", "scrapeTimeout": "10s",
		}},
	}
}

// RuleFiles are the PrometheusRules NewObservability creates for targets: one per service (its
// alerts and its objectives' burn-rate alerts) and the platform's. Zero SLO fields take the
// defaults, as in NewObservability.
func RuleFiles(targets []ScrapeTarget) []promrules.File {
	files := make([]promrules.File, 0, len(targets)+1)
	for _, t := range targets {
		t.SLO = withSLODefaults(t.SLO)
		files = append(files, promrules.File{Name: t.Name, Groups: []RuleGroup{serviceRules(t)}})
	}
	return append(files, promrules.File{Name: "platform", Groups: []RuleGroup{platformRules()}})
}

// collectorMonitorSpec scrapes the gateway: its own telemetry and the services' OTLP metrics.
func collectorMonitorSpec() obj {
	return obj{
		"selector": obj{"matchLabels": obj{"app.kubernetes.io/name": CollectorName, "component": "standalone-collector"}},
		"endpoints": []any{
			obj{"port": "metrics", "interval": "30s"},
			// Keep the services' own job and instance labels rather than the collector's.
			obj{"port": "prom-exporter", "interval": "30s", "honorLabels": true},
		},
	}
}

// ruleSpec is a PrometheusRule's spec.
func ruleSpec(groups ...RuleGroup) obj {
	list := make([]any, len(groups))
	for i, g := range groups {
		rules := make([]any, len(g.Rules))
		for j, r := range g.Rules {
			m := obj{"alert": r.Alert, "expr": r.Expr, "labels": toObj(r.Labels), "annotations": toObj(r.Annotations)}
			if r.For != "" {
				m["for"] = r.For
			}
			rules[j] = m
		}
		list[i] = obj{"name": g.Name, "rules": rules}
	}
	return obj{"groups": list}
}

func toObj(m map[string]string) obj {
	out := obj{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// customResource registers one monitoring.coreos.com object in the observability namespace.
func customResource(ctx *pulumi.Context, logical, kind, objName string, labels map[string]string, spec obj, opts []pulumi.ResourceOption) error {
	_, err := apiextensions.NewCustomResource(ctx, logical, &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String(monitoringAPIVersion),
		Kind:        pulumi.String(kind),
		Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(objName), Namespace: pulumi.String(Namespace), Labels: pulumi.ToStringMap(labels)},
		OtherFields: map[string]any{"spec": spec},
	}, opts...)
	if err != nil {
		return fmt.Errorf("%s %s: %w", kind, objName, err)
	}
	return nil
}

// monitoring creates the ServiceMonitors, the PrometheusRules and the dashboards. opts must make
// the custom resources wait for the kube-prometheus-stack release (its CRDs).
func (o *Observability) monitoring(ctx *pulumi.Context, name string, a ObservabilityArgs, afterCRDs, k8s []pulumi.ResourceOption) error {
	partOf := map[string]string{"app.kubernetes.io/part-of": "ip-platform"}
	for _, t := range a.Targets {
		// The PodMonitor keeps the logical name the ServiceMonitor had; its type differs, so the
		// engine replaces the one by the other.
		if err := customResource(ctx, name+"-"+t.Name, "PodMonitor", t.Name, partOf, podMonitorSpec(t), afterCRDs); err != nil {
			return err
		}
		if err := dashboardConfigMap(ctx, name+"-"+t.Name+"-dashboard", serviceDashboard(t), k8s); err != nil {
			return err
		}
	}
	for _, f := range RuleFiles(a.Targets) {
		if err := customResource(ctx, name+"-"+f.Name+"-rules", "PrometheusRule", f.Name, partOf, ruleSpec(f.Groups...), afterCRDs); err != nil {
			return err
		}
	}
	if err := customResource(ctx, name+"-otel-collector", "ServiceMonitor", CollectorName, partOf, collectorMonitorSpec(), afterCRDs); err != nil {
		return err
	}
	return dashboardConfigMap(ctx, name+"-overview-dashboard", overviewDashboard(a.Targets), k8s)
}

// dashboardConfigMap provisions one dashboard for the Grafana sidecar.
func dashboardConfigMap(ctx *pulumi.Context, logical string, d Dashboard, opts []pulumi.ResourceOption) error {
	body, err := d.JSON()
	if err != nil {
		return err
	}
	_, err = corev1.NewConfigMap(ctx, logical, &corev1.ConfigMapArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String("dashboard-" + d.UID), Namespace: pulumi.String(Namespace),
			Labels: pulumi.StringMap{dashboardLabel: pulumi.String("1"), "app.kubernetes.io/part-of": pulumi.String("ip-platform")},
		},
		Data: pulumi.StringMap{d.UID + ".json": pulumi.String(body)},
	}, opts...)
	if err != nil {
		return fmt.Errorf("dashboard %s: %w", d.UID, err)
	}
	return nil
}
