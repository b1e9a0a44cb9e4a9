package platform

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/gateway"
	"github.com/ip-platform/infra/components/ipservice"
	"github.com/ip-platform/infra/components/mesh"
	"github.com/ip-platform/infra/components/registry"
	"github.com/ip-platform/infra/internal/config"
)

// gatewayRoutes sends /<service> to each IP service's API port, in the service's own namespace,
// health-checked on the service's readiness endpoint (so the load balancer and Kubernetes agree on
// which pods take requests), and returns the services as the resources the Ingresses wait for (an
// Ingress becomes ready only once the Services it routes to exist).
func gatewayRoutes(services []*ipservice.Service) ([]gateway.Route, []pulumi.Resource) {
	routes := make([]gateway.Route, 0, len(services))
	backends := make([]pulumi.Resource, 0, len(services))
	for _, s := range services {
		routes = append(routes, gateway.Route{
			Path: "/" + s.ServiceName, Namespace: s.Namespace, ServiceName: s.ServiceName, Port: s.APIPort,
			HealthCheckPath: s.ReadinessPath, HealthCheckPort: s.ReadinessPort,
		})
		backends = append(backends, s)
	}
	return routes, backends
}

// registryPrefix is the namespace of the stack's repositories: each stack owns its own
// ("ip-platform/prod/trademark"), and images are promoted by copying their digest (README,
// "Container registry").
func registryPrefix(cfg *config.Config) string {
	return cfg.Project + "/" + cfg.Stack
}

// disposable reports whether the stack may be destroyed together with its images and logs: any
// stack but production.
func disposable(cfg *config.Config) bool {
	return cfg.Environment != config.Prod
}

// buildRegistry creates the stack's ECR repositories, one per service (AWS layer).
func (p *Platform) buildRegistry(ctx *pulumi.Context) error {
	cfg := p.Config
	names := make([]string, len(cfg.Services))
	for i, s := range cfg.Services {
		names[i] = s.Name
	}
	var err error
	p.Registry, err = registry.NewRegistry(ctx, cfg.ClusterName()+"-registry", &registry.RegistryArgs{
		Prefix:             registryPrefix(cfg),
		Services:           names,
		KeepTaggedImages:   cfg.Registry.KeepTaggedImages,
		UntaggedExpiryDays: cfg.Registry.UntaggedExpiryDays,
		ForceDelete:        disposable(cfg),
	}, pulumi.Providers(p.AWS))
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	return nil
}

// buildGatewayEdge creates the gateway's AWS side (AWS layer): certificate, web ACL, access-log
// bucket and the load balancer controller's role.
func (p *Platform) buildGatewayEdge(ctx *pulumi.Context, in *ClusterInputs) error {
	cfg := p.Config
	var err error
	p.GatewayEdge, err = gateway.NewEdge(ctx, cfg.ClusterName()+"-gateway", &gateway.EdgeArgs{
		Region:                  cfg.Region,
		AccountID:               pulumi.String(cfg.AccountID),
		ClusterName:             p.Cluster.Name,
		PodIdentityAgent:        p.Cluster.PodIdentityAgent,
		Domain:                  cfg.Gateway.Domain,
		HostedZoneID:            cfg.Gateway.HostedZoneID,
		RateLimitPerFiveMinutes: cfg.Gateway.RateLimitPerFiveMinutes,
		AccessLogRetentionDays:  cfg.Gateway.AccessLogRetentionDays,
		ForceDestroyLogs:        disposable(cfg),
	}, pulumi.Provider(p.AWS))
	if err != nil {
		return fmt.Errorf("gateway edge: %w", err)
	}
	e := p.GatewayEdge
	in.CertificateArn, in.WebAclArn, in.AccessLogBucket = e.CertificateArn, e.WebAclArn, e.AccessLogBucket
	p.addPodIdentity(in, "loadBalancerControllerRoleArn", e.ControllerRoleArn, e.ControllerIdentity)
	return nil
}

// ingressGatewayRoute sends every path to the mesh's ingress gateway, health-checked on its
// readiness endpoint: the gateway routes by path itself (the services' edge HTTPRoutes).
func ingressGatewayRoute(g *mesh.IngressGateway) ([]gateway.Route, []pulumi.Resource) {
	return []gateway.Route{{
		Path: "/", Namespace: g.Namespace, ServiceName: g.ServiceName, Port: g.Port,
		HealthCheckPath: g.ReadinessPath, HealthCheckPort: g.ReadinessPort,
	}}, []pulumi.Resource{g}
}

// buildGateway installs the load balancer controller and the Ingresses in front of the services
// (built first), with the AWS values in p.In: one Ingress to the mesh's ingress gateway where the
// stack runs the mesh, one per service namespace where it does not.
func (p *Platform) buildGateway(ctx *pulumi.Context) error {
	cfg := p.Config
	routes, backends := gatewayRoutes(p.Services.ByName)
	if p.Mesh != nil && p.Mesh.Ingress != nil {
		routes, backends = ingressGatewayRoute(p.Mesh.Ingress)
	}
	controllerReplicas := 1
	if cfg.HighlyAvailable() {
		controllerReplicas = 2
	}
	var err error
	p.Gateway, err = gateway.NewGateway(ctx, cfg.ClusterName()+"-gateway", &gateway.GatewayArgs{
		ClusterName:        p.In.ClusterName,
		Region:             cfg.Region,
		VpcID:              p.In.VpcID,
		CertificateArn:     p.In.CertificateArn,
		WebAclArn:          p.In.WebAclArn,
		AccessLogBucket:    p.In.AccessLogBucket,
		Domain:             cfg.Gateway.Domain,
		Routes:             routes,
		Backends:           backends,
		ControllerReplicas: controllerReplicas,
		Tags:               cfg.Tags(),
		Charts:             p.Charts,
	}, pulumi.Provider(p.In.Provider), pulumi.DependsOn(p.In.podsReady()))
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}
	return nil
}

// buildAPIRecord names the API (AWS layer, after the Kubernetes layer): a record in the stack's
// hosted zone for the load balancer the controller created for the Ingresses.
func (p *Platform) buildAPIRecord(ctx *pulumi.Context) error {
	cfg := p.Config
	var err error
	p.APIRecord, err = gateway.NewAPIRecord(ctx, cfg.ClusterName()+"-gateway", &gateway.APIRecordArgs{
		Domain:               cfg.Gateway.Domain,
		HostedZoneID:         cfg.Gateway.HostedZoneID,
		LoadBalancerHostname: p.Gateway.LoadBalancerHostname,
	}, pulumi.Provider(p.AWS))
	if err != nil {
		return fmt.Errorf("gateway api record: %w", err)
	}
	return nil
}

// exportGateway publishes where the API answers and where images go.
func (p *Platform) exportGateway(ctx *pulumi.Context) {
	ctx.Export("apiUrl", p.Gateway.URL)
	ctx.Export("loadBalancerHostname", p.Gateway.LoadBalancerHostname)
	ctx.Export("webAclArn", p.In.WebAclArn)
	ctx.Export("accessLogBucket", p.In.AccessLogBucket)
}
