package platform

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/config"
)

// observabilityTargets are the IP services as Prometheus scrapes them, from the same
// configuration the services are built from (cfg.Services: the spec's ports and limits). Their
// Services name the metrics port "management" when it is separate from the API port (trademark
// 4002, copyright 4004) and "api" when the service serves everything on one port (recommendation
// 3000); each service lives in the namespace of its name (components/ipservice).
func observabilityTargets(services []config.Service) []observability.ScrapeTarget {
	targets := make([]observability.ScrapeTarget, 0, len(services))
	for _, svc := range services {
		port, portName := svc.ManagementPort, "management"
		if port == 0 || port == svc.APIPort {
			port, portName = svc.APIPort, "api"
		}
		targets = append(targets, observability.ScrapeTarget{
			Name: svc.Name, Namespace: svc.Name, PortName: portName, Port: port, Path: "/metrics",
			CPULimit: svc.Limits.CPU, MemoryLimit: svc.Limits.Memory,
		})
	}
	return targets
}

// grafanaAdminSecretName is the Secrets Manager secret holding Grafana's admin credentials; it is
// created once per stack by an operator before the first deploy (see README).
func grafanaAdminSecretName(cfg *config.Config) string {
	return fmt.Sprintf("%s/%s/grafana-admin", cfg.Project, cfg.Stack)
}

// buildObservability creates the monitoring stack's AWS side (Loki's bucket, the IRSA roles, the
// alarm subscriptions) and installs the stack on the cluster with those values, once the node
// pools exist.
func (p *Platform) buildObservability(ctx *pulumi.Context) error {
	cfg := p.Config
	o := cfg.Observability
	name := cfg.ClusterName() + "-observability"
	var webhook pulumi.StringInput
	if o.AlertWebhookURL != "" {
		// The engine hands the decrypted value to the program; wrap it again at once so it is a
		// secret in every resource that takes it.
		webhook = pulumi.ToSecret(pulumi.String(o.AlertWebhookURL)).(pulumi.StringOutput)
	}
	cloudArgs := &observability.CloudResourcesArgs{
		ClusterName:            cfg.ClusterName(),
		Region:                 cfg.Region,
		OidcProviderArn:        p.Cluster.OidcProviderArn,
		OidcIssuerURL:          p.Cluster.OidcIssuerURL,
		LokiMode:               lokiMode(o.LokiMode),
		GrafanaAdminSecretName: grafanaAdminSecretName(cfg),
		AlertWebhookURL:        webhook,
	}
	if p.Data != nil && p.Data.Alarms != nil {
		// The data tier's CloudWatch alarms reach the same receiver as Alertmanager's alerts.
		cloudArgs.AlarmTopicArns = []pulumi.StringInput{p.Data.Alarms.Arn}
	}
	cloud, err := observability.NewCloudResources(ctx, name, cloudArgs, pulumi.Provider(p.AWS))
	if err != nil {
		return fmt.Errorf("observability cloud resources: %w", err)
	}
	p.ObservabilityCloud = cloud

	args := &observability.ObservabilityArgs{
		ClusterName:             cfg.ClusterName(),
		Region:                  cfg.Region,
		LokiBucket:              cloud.LokiBucket,
		LokiRoleArn:             cloud.LokiRoleArn,
		GrafanaSecretsRoleArn:   cloud.GrafanaSecretsRoleArn,
		PrometheusReplicas:      o.PrometheusReplicas,
		PrometheusRetentionDays: o.PrometheusRetentionDays,
		PrometheusStorageGiB:    o.PrometheusStorageGiB,
		AlertmanagerReplicas:    o.AlertmanagerReplicas,
		LokiMode:                lokiMode(o.LokiMode),
		LokiRetentionDays:       o.LokiRetentionDays,
		TraceStorage:            observability.TraceStorage(o.TraceStorage),
		TraceRetentionDays:      o.TraceRetentionDays,
		TraceStorageGiB:         o.TraceStorageGiB,
		Targets:                 observabilityTargets(cfg.Services),
		GrafanaAdminSecretName:  grafanaAdminSecretName(cfg),
		AlertWebhookURL:         webhook,
		// Prometheus joins the mesh to scrape the enrolled services with its own identity.
		MeshEnrolled: cfg.Mesh.Enabled(),
	}
	if p.Services != nil && p.Services.ExternalSecrets != nil {
		// The SecretStore and ExternalSecret of Grafana's admin credentials need ESO's CRDs.
		args.DependsOn = []pulumi.Resource{p.Services.ExternalSecrets.Release}
	}
	obs, err := observability.NewObservability(ctx, name, args,
		// Volumes need the EBS CSI driver add-on, pods need nodes.
		pulumi.Provider(p.Cluster.Provider), pulumi.DependsOn(append(nodePoolResources(p.NodePools), p.Addons)))
	if err != nil {
		return fmt.Errorf("observability: %w", err)
	}
	p.Observability = obs
	return nil
}

func lokiMode(mode string) observability.LokiMode {
	if mode == config.LokiSimpleScalable {
		return observability.LokiSimpleScalable
	}
	return observability.LokiSingleBinary
}

// exportObservability publishes where telemetry goes.
func (p *Platform) exportObservability(ctx *pulumi.Context) {
	ctx.Export("otlpEndpoint", p.Observability.OtlpEndpoint)
	ctx.Export("observabilityNamespace", p.Observability.Namespace)
	ctx.Export("lokiBucket", p.ObservabilityCloud.LokiBucket)
}
