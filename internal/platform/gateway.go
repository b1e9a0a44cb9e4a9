package platform

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/gateway"
	"github.com/ip-platform/infra/components/ipservice"
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

// buildGateway creates the stack's ECR repositories and the API gateway in front of the services
// (built first): its AWS side (certificate, web ACL, log bucket, controller role), its Kubernetes
// side on those values, and the API's DNS record on the load balancer the controller creates.
func (p *Platform) buildGateway(ctx *pulumi.Context) error {
	cfg := p.Config
	name := cfg.ClusterName()
	// Only a stack that is not production may be destroyed together with its images and logs.
	disposable := cfg.Environment != config.Prod

	names := make([]string, len(p.Services.ByName))
	for i, s := range p.Services.ByName {
		names[i] = s.ServiceName
	}
	var err error
	p.Registry, err = registry.NewRegistry(ctx, name+"-registry", &registry.RegistryArgs{
		Prefix:             registryPrefix(cfg),
		Services:           names,
		KeepTaggedImages:   cfg.Registry.KeepTaggedImages,
		UntaggedExpiryDays: cfg.Registry.UntaggedExpiryDays,
		ForceDelete:        disposable,
	}, pulumi.Providers(p.AWS))
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}

	p.GatewayEdge, err = gateway.NewEdge(ctx, name+"-gateway", &gateway.EdgeArgs{
		Region:                  cfg.Region,
		AccountID:               pulumi.String(cfg.AccountID),
		OidcProviderArn:         p.Cluster.OidcProviderArn,
		OidcIssuerURL:           p.Cluster.OidcIssuerURL,
		Domain:                  cfg.Gateway.Domain,
		HostedZoneID:            cfg.Gateway.HostedZoneID,
		RateLimitPerFiveMinutes: cfg.Gateway.RateLimitPerFiveMinutes,
		AccessLogRetentionDays:  cfg.Gateway.AccessLogRetentionDays,
		ForceDestroyLogs:        disposable,
	}, pulumi.Provider(p.AWS))
	if err != nil {
		return fmt.Errorf("gateway edge: %w", err)
	}

	routes, backends := gatewayRoutes(p.Services.ByName)
	controllerReplicas := 1
	if cfg.HighlyAvailable() {
		controllerReplicas = 2
	}
	p.Gateway, err = gateway.NewGateway(ctx, name+"-gateway", &gateway.GatewayArgs{
		ClusterName:        p.Cluster.Name,
		Region:             cfg.Region,
		VpcID:              p.Network.VpcID,
		ControllerRoleArn:  p.GatewayEdge.ControllerRoleArn,
		CertificateArn:     p.GatewayEdge.CertificateArn,
		WebAclArn:          p.GatewayEdge.WebAclArn,
		AccessLogBucket:    p.GatewayEdge.AccessLogBucket,
		Domain:             cfg.Gateway.Domain,
		Routes:             routes,
		Backends:           backends,
		ControllerReplicas: controllerReplicas,
		Tags:               cfg.Tags(),
	}, pulumi.Provider(p.Cluster.Provider), pulumi.DependsOn(nodePoolResources(p.NodePools)))
	if err != nil {
		return fmt.Errorf("gateway: %w", err)
	}

	// The API's name, once the controller has created the load balancer for the Ingresses.
	p.APIRecord, err = gateway.NewAPIRecord(ctx, name+"-gateway", &gateway.APIRecordArgs{
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
	ctx.Export("webAclArn", p.GatewayEdge.WebAclArn)
	ctx.Export("accessLogBucket", p.GatewayEdge.AccessLogBucket)
	ctx.Export("ecrRepositoryUrls", p.Registry.RepositoryURLs)
}
