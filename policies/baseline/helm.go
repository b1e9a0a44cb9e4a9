package baseline

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// chartComponent is one workload a chart runs: where its resources sit in the values (a dotted
// path) and, when the chart switches it by a flag that is not an ancestor's `enabled`, that flag.
// runs, when set, decides from the values whether the component runs at all.
type chartComponent struct {
	resources string
	enabledBy string
	runs      func(values property.Value) bool
}

// chartComponents returns the workloads of the charts the platform installs, read from each
// chart's values.yaml at the version the program pins. A chart not listed cannot be judged from its
// values and is reported by the advisory helm-chart-unknown policy instead.
func chartComponents(chart string) ([]chartComponent, bool) {
	one := func(paths ...string) []chartComponent {
		out := make([]chartComponent, len(paths))
		for i, p := range paths {
			out[i] = chartComponent{resources: p}
		}
		return out
	}
	switch chart {
	case "cluster-autoscaler", "aws-load-balancer-controller", "metrics-server", "grafana",
		"opentelemetry-collector", "fluent-bit", "prometheus-node-exporter", "kube-state-metrics":
		return one("resources"), true
	case "external-secrets":
		// the operator, its webhook and its certificate controller are three Deployments
		return []chartComponent{{resources: "resources"},
			{resources: "webhook.resources", enabledBy: "webhook.create"},
			{resources: "certController.resources", enabledBy: "certController.create"}}, true
	case "vpa":
		return one("recommender.resources", "updater.resources", "admissionController.resources"), true
	case "jaeger":
		// 4.x runs one Deployment (Jaeger v2 all-in-one); 3.x had allInOne, collector, query, agent
		return one("jaeger.resources"), true
	case "loki":
		// deploymentMode picks the targets: one binary, or the simple scalable backend/read/write
		single := func(v property.Value) bool {
			mode, _ := getValue(v, "deploymentMode").str()
			return mode == "SingleBinary"
		}
		scalable := func(v property.Value) bool { return !single(v) }
		return []chartComponent{
			{resources: "singleBinary.resources", runs: single},
			{resources: "backend.resources", runs: scalable},
			{resources: "read.resources", runs: scalable},
			{resources: "write.resources", runs: scalable},
			{resources: "gateway.resources"},
			{resources: "chunksCache.resources"},
			{resources: "resultsCache.resources"},
		}, true
	case "base":
		// Istio's base chart installs CRDs and cluster roles only: no workload to size.
		return nil, true
	case "istiod":
		// istiod itself, and the waypoints it deploys into the service namespaces.
		return one("pilot.resources", "global.waypoint.resources"), true
	case "cni", "ztunnel", "gateway":
		return one("resources"), true
	case "kube-prometheus-stack":
		return []chartComponent{
			{resources: "prometheus.prometheusSpec.resources"},
			{resources: "alertmanager.alertmanagerSpec.resources"},
			{resources: "prometheusOperator.resources"},
			{resources: "grafana.resources"},
			{resources: "kube-state-metrics.resources", enabledBy: "kubeStateMetrics.enabled"},
			{resources: "prometheus-node-exporter.resources", enabledBy: "nodeExporter.enabled"},
		}, true
	}
	return nil, false
}

// chartName returns the chart's name from a release's `chart` ("repo/name", "oci://.../name").
func chartName(release property.Map) string {
	chart, _ := get(release, "chart").str()
	return chart[strings.LastIndex(chart, "/")+1:]
}

// HelmReleaseResourcesPolicy: a chart the platform installs runs with limits set by the program,
// not the chart's defaults (most charts ship `resources: {}`, i.e. unlimited).
func HelmReleaseResourcesPolicy() Policy {
	return Policy{
		Name:        "helm-release-resources",
		Description: "Helm releases of the charts the platform installs set CPU and memory requests and limits for every component they run.",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckResource: func(r Resource, _ string, _ map[string]any) []string {
			if r.Type != TypeHelmRelease {
				return nil
			}
			return HelmReleaseResources(r.Properties)
		},
	}
}

// HelmReleaseResources judges the resources of every enabled component of a known chart.
func HelmReleaseResources(release property.Map) []string {
	var out []string
	for _, c := range runningComponents(release) {
		// No maxima for charts: their components are sized by their own documentation.
		if problems := resourceProblems(c.holder, "", ""); len(problems) > 0 {
			out = append(out, fmt.Sprintf("values.%s: %s", c.resources, strings.Join(problems, "; ")))
		}
	}
	return out
}

// runningComponent is a component a release runs, with the values object holding its `resources`.
type runningComponent struct {
	resources string
	holder    property.Map
}

// runningComponents returns the components of a known chart that the release's values run and
// can be judged (values known at preview).
func runningComponents(release property.Map) []runningComponent {
	components, known := chartComponents(chartName(release))
	values := get(release, "values")
	if !known || values.unknown {
		return nil
	}
	var out []runningComponent
	for _, c := range components {
		path := strings.Split(c.resources, ".")
		if disabled(values.v, path, c.enabledBy) || (c.runs != nil && !c.runs(values.v)) {
			continue
		}
		holder := getValue(values.v, path[:len(path)-1]...)
		if holder.unknown {
			continue
		}
		out = append(out, runningComponent{resources: c.resources, holder: holder.object()})
	}
	return out
}

// disabled reports whether the values switch a component off: `enabled: false` or `replicas: 0`
// on an ancestor of its resources, or its own flag false.
func disabled(values property.Value, path []string, flag string) bool {
	for i := 1; i < len(path); i++ {
		ancestor := path[:i:i]
		if getValue(values, append(ancestor, "enabled")...).isFalse() {
			return true
		}
		if n, ok := getValue(values, append(ancestor, "replicas")...).number(); ok && n == 0 {
			return true
		}
	}
	return flag != "" && getValue(values, strings.Split(flag, ".")...).isFalse()
}

// HelmChartUnknownPolicy: a release of a chart whose values layout the pack does not know. It is
// advisory because the values cannot be judged, only flagged for someone to add the chart to
// chartComponents.
func HelmChartUnknownPolicy() Policy {
	return Policy{
		Name:        "helm-chart-unknown",
		Description: "Helm releases of charts whose values layout the pack does not know cannot have their resource limits checked.",
		Enforcement: policyx.EnforcementLevelAdvisory,
		CheckResource: func(r Resource, _ string, _ map[string]any) []string {
			if r.Type != TypeHelmRelease {
				return nil
			}
			if chart := chartName(r.Properties); chart != "" {
				if _, known := chartComponents(chart); !known {
					return []string{fmt.Sprintf("chart %q is not in the pack's table of values layouts: its resource limits are not checked", chart)}
				}
			}
			return nil
		},
	}
}
