package observability

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/charts"
)

// Observability is the monitoring stack of one cluster: Kubernetes objects and Helm releases
// only (its AWS side is CloudResources).
type Observability struct {
	pulumi.ResourceState

	// Namespace is where the stack runs ("observability").
	Namespace pulumi.StringOutput
	// OtlpEndpoint is the collector gateway's OTLP/gRPC endpoint (OtlpGrpcEndpoint).
	OtlpEndpoint pulumi.StringOutput
	// PrometheusRelease is the kube-prometheus-stack release: ServiceMonitors and PrometheusRules
	// created elsewhere must depend on it (it installs their CRDs).
	PrometheusRelease pulumi.Resource
}

// NewObservability installs the stack. opts must carry the Kubernetes provider; the stack creates
// nothing in AWS.
func NewObservability(ctx *pulumi.Context, name string, args *ObservabilityArgs, opts ...pulumi.ResourceOption) (*Observability, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	o := &Observability{}
	err = ctx.RegisterComponentResourceV2("ip-platform:observability:Observability", name, pulumi.Map{
		"prometheusReplicas": pulumi.Int(a.PrometheusReplicas),
		"lokiMode":           pulumi.String(string(a.LokiMode)),
		"traceStorage":       pulumi.String(string(a.TraceStorage)),
		"alertReceiver":      pulumi.Bool(a.AlertWebhookURL != nil),
	}, o, opts...)
	if err != nil {
		return nil, err
	}
	if err := o.build(ctx, name, a); err != nil {
		return nil, fmt.Errorf("observability %s: %w", name, err)
	}
	o.OtlpEndpoint = pulumi.String(OtlpGrpcEndpoint).ToStringOutput()
	return o, ctx.RegisterResourceOutputs(o, pulumi.Map{
		"namespace":    o.Namespace,
		"otlpEndpoint": o.OtlpEndpoint,
	})
}

func (o *Observability) build(ctx *pulumi.Context, name string, a ObservabilityArgs) error {
	parent := pulumi.Parent(o)
	installer := charts.Or(a.Charts)
	// Both namespaces are ours, not Helm's (no CreateNamespace): the monitors, rules, dashboards,
	// secrets and the SecretStore live in them whether or not the charts are installed.
	ns, err := o.namespace(ctx, name+"-namespace", Namespace, levelRestricted, []pulumi.ResourceOption{parent})
	if err != nil {
		return err
	}
	agentsNs, err := o.namespace(ctx, name+"-agents-namespace", AgentsNamespace, levelPrivileged, []pulumi.ResourceOption{parent})
	if err != nil {
		return err
	}
	if err := o.storageClass(ctx, name, []pulumi.ResourceOption{parent}); err != nil {
		return err
	}
	o.Namespace = ns.Metadata.Name().Elem()
	inNs := []pulumi.ResourceOption{parent, pulumi.DependsOn([]pulumi.Resource{ns})}

	grafanaSecret, err := o.grafanaAdmin(ctx, name, a, o.Namespace, inNs)
	if err != nil {
		return err
	}
	// node-exporter, a sub-chart of kube-prometheus-stack, installs into the agents namespace.
	promDeps := []pulumi.Resource{ns, agentsNs, grafanaSecret}
	if a.AlertWebhookURL != nil {
		webhook, err := o.alertReceiver(ctx, name, a, o.Namespace, inNs)
		if err != nil {
			return err
		}
		promDeps = append(promDeps, webhook)
	}
	prometheus, err := release(ctx, installer, name+"-kube-prometheus-stack", "kube-prometheus-stack", KubePrometheusStack, o.Namespace,
		pulumi.ToMap(prometheusStackValues(a, a.AlertWebhookURL != nil)), parent, pulumi.DependsOn(promDeps))
	if err != nil {
		return err
	}
	o.PrometheusRelease = prometheus

	lokiValuesOut := pulumi.ToMap(lokiValues(a, "")).ToMapOutput()
	if a.LokiMode == LokiSimpleScalable {
		lokiValuesOut = a.LokiBucket.ToStringOutput().ApplyT(func(bucket string) map[string]any {
			return lokiValues(a, bucket)
		}).(pulumi.MapOutput)
	}
	loki, err := release(ctx, installer, name+"-loki", "loki", Loki, o.Namespace, lokiValuesOut, inNs...)
	if err != nil {
		return err
	}

	jaegerDeps := []pulumi.Resource{ns}
	if a.TraceStorage == TraceStorageBadger {
		pvc, err := o.badgerClaim(ctx, name, a, o.Namespace, inNs)
		if err != nil {
			return err
		}
		jaegerDeps = append(jaegerDeps, pvc)
	}
	jaeger, err := release(ctx, installer, name+"-jaeger", "jaeger", Jaeger, o.Namespace, pulumi.ToMap(jaegerValues(a)), parent, pulumi.DependsOn(jaegerDeps))
	if err != nil {
		return err
	}
	if _, err := release(ctx, installer, name+"-otel-collector", CollectorName, OpenTelemetryCollector, o.Namespace,
		pulumi.ToMap(gatewayValues(a)), parent, pulumi.DependsOn([]pulumi.Resource{ns, jaeger})); err != nil {
		return err
	}
	if _, err := release(ctx, installer, name+"-otel-logs", "otel-logs", OpenTelemetryCollector, agentsNs.Metadata.Name().Elem(),
		pulumi.ToMap(logAgentValues()), parent, pulumi.DependsOn([]pulumi.Resource{agentsNs, loki})); err != nil {
		return err
	}
	afterCRDs := []pulumi.ResourceOption{parent, pulumi.DependsOn([]pulumi.Resource{ns, prometheus})}
	return o.monitoring(ctx, name, a, afterCRDs, inNs)
}

// releaseTimeoutSeconds bounds each install: kube-prometheus-stack and Loki bring StatefulSets
// whose volumes attach on first start.
const releaseTimeoutSeconds = 900

// release installs one pinned chart through the installer (atomic, bounded history with Helm).
func release(ctx *pulumi.Context, installer charts.Installer, logical, releaseName string, c Chart, ns pulumi.StringInput, values pulumi.MapInput, opts ...pulumi.ResourceOption) (pulumi.Resource, error) {
	return installer.Install(ctx, logical, charts.Release{
		Name:           releaseName,
		Namespace:      ns,
		Chart:          c,
		Values:         values,
		TimeoutSeconds: releaseTimeoutSeconds,
	}, opts...)
}
