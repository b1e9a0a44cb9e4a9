package observability

import (
	"fmt"

	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Observability is the monitoring stack of one cluster.
type Observability struct {
	pulumi.ResourceState

	// Namespace is where the stack runs ("observability").
	Namespace pulumi.StringOutput
	// OtlpEndpoint is the collector gateway's OTLP/gRPC endpoint (OtlpGrpcEndpoint).
	OtlpEndpoint pulumi.StringOutput
	// LokiBucket is the S3 bucket of Loki's chunks; empty in SingleBinary mode.
	LokiBucket pulumi.StringOutput
	// PrometheusRelease is the kube-prometheus-stack release: ServiceMonitors and PrometheusRules
	// created elsewhere must depend on it (it installs their CRDs).
	PrometheusRelease pulumi.Resource
}

// NewObservability installs the stack. opts must carry the AWS and Kubernetes providers.
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
		"lokiBucket":   o.LokiBucket,
	})
}

func (o *Observability) build(ctx *pulumi.Context, name string, a ObservabilityArgs) error {
	parent := pulumi.Parent(o)
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
		webhook, err := o.alertReceiver(ctx, name, a, o.Namespace, inNs, []pulumi.ResourceOption{parent})
		if err != nil {
			return err
		}
		promDeps = append(promDeps, webhook)
	}
	prometheus, err := release(ctx, name+"-kube-prometheus-stack", "kube-prometheus-stack", KubePrometheusStack, o.Namespace,
		pulumi.ToMap(prometheusStackValues(a, a.AlertWebhookURL != nil)), parent, pulumi.DependsOn(promDeps))
	if err != nil {
		return err
	}
	o.PrometheusRelease = prometheus

	lokiValuesOut := pulumi.ToMap(lokiValues(a, "", "")).ToMapOutput()
	o.LokiBucket = pulumi.String("").ToStringOutput()
	if a.LokiMode == LokiSimpleScalable {
		bucket, roleArn, err := o.lokiStorage(ctx, name, a, parent)
		if err != nil {
			return err
		}
		o.LokiBucket = bucket
		lokiValuesOut = pulumi.All(bucket, roleArn).ApplyT(func(v []any) map[string]any {
			return lokiValues(a, v[0].(string), v[1].(string))
		}).(pulumi.MapOutput)
	}
	loki, err := release(ctx, name+"-loki", "loki", Loki, o.Namespace, lokiValuesOut, inNs...)
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
	jaeger, err := release(ctx, name+"-jaeger", "jaeger", Jaeger, o.Namespace, pulumi.ToMap(jaegerValues(a)), parent, pulumi.DependsOn(jaegerDeps))
	if err != nil {
		return err
	}
	if _, err := release(ctx, name+"-otel-collector", CollectorName, OpenTelemetryCollector, o.Namespace,
		pulumi.ToMap(gatewayValues(a)), parent, pulumi.DependsOn([]pulumi.Resource{ns, jaeger})); err != nil {
		return err
	}
	if _, err := release(ctx, name+"-otel-logs", "otel-logs", OpenTelemetryCollector, agentsNs.Metadata.Name().Elem(),
		pulumi.ToMap(logAgentValues()), parent, pulumi.DependsOn([]pulumi.Resource{agentsNs, loki})); err != nil {
		return err
	}
	afterCRDs := []pulumi.ResourceOption{parent, pulumi.DependsOn([]pulumi.Resource{ns, prometheus})}
	return o.monitoring(ctx, name, a, afterCRDs, inNs)
}

// release installs one pinned chart: atomic (a failed upgrade rolls back), bounded history.
func release(ctx *pulumi.Context, logical, releaseName string, c Chart, ns pulumi.StringInput, values pulumi.MapInput, opts ...pulumi.ResourceOption) (*helmv3.Release, error) {
	r, err := helmv3.NewRelease(ctx, logical, &helmv3.ReleaseArgs{
		Name:           pulumi.String(releaseName),
		Namespace:      ns,
		Chart:          pulumi.String(c.Name),
		Version:        pulumi.String(c.Version),
		RepositoryOpts: helmv3.RepositoryOptsArgs{Repo: pulumi.String(c.Repo)},
		Values:         values,
		Atomic:         pulumi.Bool(true),
		// kube-prometheus-stack and Loki bring StatefulSets whose volumes attach on first start.
		Timeout:    pulumi.Int(900),
		MaxHistory: pulumi.Int(10),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("helm release %s: %w", releaseName, err)
	}
	return r, nil
}
