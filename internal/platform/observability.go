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
			SLO: observability.SLO{
				Availability: svc.SLO.Availability, LatencyObjective: svc.SLO.LatencyObjective,
				LatencyThresholdSeconds: svc.SLO.LatencyThresholdSeconds,
			},
		})
	}
	return targets
}

// grafanaAdminSecretName is the Secrets Manager secret holding Grafana's admin credentials; it is
// created once per stack by an operator before the first deploy (see README).
func grafanaAdminSecretName(cfg *config.Config) string {
	return fmt.Sprintf("%s/%s/grafana-admin", cfg.Project, cfg.Stack)
}

// alertWebhook is the stack's alert receiver, or nil. The engine hands the decrypted value to the
// program; it is wrapped again at once so it is a secret in every resource that takes it.
func alertWebhook(cfg *config.Config) pulumi.StringInput {
	if cfg.Observability.AlertWebhookURL == "" {
		return nil
	}
	return pulumi.ToSecret(pulumi.String(cfg.Observability.AlertWebhookURL)).(pulumi.StringOutput)
}

// buildObservabilityCloud creates the monitoring stack's AWS side (AWS layer): Loki's bucket, the
// IRSA roles, and the data tier's alarms' subscription to the alert webhook.
func (p *Platform) buildObservabilityCloud(ctx *pulumi.Context, in *ClusterInputs) error {
	cfg := p.Config
	cloudArgs := &observability.CloudResourcesArgs{
		ClusterName:            cfg.ClusterName(),
		PodIdentityAgent:       p.Cluster.PodIdentityAgent,
		Region:                 cfg.Region,
		OidcProviderArn:        p.Cluster.OidcProviderArn,
		OidcIssuerURL:          p.Cluster.OidcIssuerURL,
		LokiMode:               lokiMode(cfg.Observability.LokiMode),
		GrafanaAdminSecretName: grafanaAdminSecretName(cfg),
		AlertWebhookURL:        alertWebhook(cfg),
		// The data tier's CloudWatch alarms reach the same receiver as Alertmanager's alerts.
		AlarmTopicArns: []pulumi.StringInput{p.Data.Alarms.Arn},
	}
	cloud, err := observability.NewCloudResources(ctx, cfg.ClusterName()+"-observability", cloudArgs, pulumi.Provider(p.AWS))
	if err != nil {
		return fmt.Errorf("observability cloud resources: %w", err)
	}
	p.ObservabilityCloud = cloud
	in.LokiBucket, in.GrafanaSecretsRoleArn = cloud.LokiBucket, cloud.GrafanaSecretsRoleArn
	in.IdentitiesReady = append(in.IdentitiesReady, cloud.Identities...)
	return nil
}

// buildObservability installs the monitoring stack on the cluster, with the AWS values in p.In.
func (p *Platform) buildObservability(ctx *pulumi.Context) error {
	cfg := p.Config
	o := cfg.Observability
	args := &observability.ObservabilityArgs{
		ClusterName:             cfg.ClusterName(),
		Region:                  cfg.Region,
		GrafanaSecretsRoleArn:   p.In.GrafanaSecretsRoleArn,
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
		AlertWebhookURL:         alertWebhook(cfg),
		// Prometheus joins the mesh to scrape the enrolled services with its own identity.
		MeshEnrolled: cfg.Mesh.Enabled(),
		// Only where a load test writes its results: no other stack accepts pushed series.
		RemoteWriteReceiver: cfg.LoadTest.Enabled,
		Charts:              p.Charts,
	}
	if args.LokiMode == observability.LokiSimpleScalable {
		args.LokiBucket = p.In.LokiBucket
	}
	if p.Services != nil && p.Services.ExternalSecrets != nil {
		// The SecretStore and ExternalSecret of Grafana's admin credentials need ESO's CRDs.
		args.DependsOn = []pulumi.Resource{p.Services.ExternalSecrets.Release}
	}
	obs, err := observability.NewObservability(ctx, cfg.ClusterName()+"-observability", args,
		// Volumes need the EBS CSI driver add-on, pods need nodes and Loki its pod identity.
		pulumi.Provider(p.In.Provider), pulumi.DependsOn(append(p.In.podsReady(), p.In.VolumesReady...)))
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
	ctx.Export("lokiBucket", p.In.LokiBucket)
}
