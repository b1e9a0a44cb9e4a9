package platform

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/ipservice"
	"github.com/ip-platform/infra/components/mesh"
	"github.com/ip-platform/infra/components/network"
	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/config"
)

// Mesh is the service mesh layer: Istio's ambient control plane, each service namespace's mesh
// objects and the mesh's telemetry. Nil where the stack turns the mesh off.
type Mesh struct {
	ControlPlane *mesh.Mesh
	// Workloads are the services' waypoints and policies, in the services' order.
	Workloads []*mesh.Workload
	// Ingress is the ingress gateway behind the ALB: the API's only way in.
	Ingress *mesh.IngressGateway
	// Telemetry is nil without the observability stack.
	Telemetry *mesh.Telemetry
}

// meshScraper is Prometheus as the mesh knows it: the observability stack's Prometheus, enrolled
// in the mesh (ObservabilityArgs.MeshEnrolled), so its scrapes carry its service account.
var meshScraper = mesh.Scraper{
	Namespace:      observability.Namespace,
	ServiceAccount: observability.PrometheusServiceAccount,
	PodLabels:      observability.PrometheusPodLabel,
}

// buildMesh installs the mesh's control plane, before the services: their namespaces are
// enrolled at creation and their HTTPRoutes need the Gateway API CRDs it installs.
func (p *Platform) buildMesh(ctx *pulumi.Context) error {
	cfg := p.Config
	if !cfg.Mesh.Enabled() {
		return nil
	}
	replicas := 1
	if cfg.HighlyAvailable() {
		replicas = 2
	}
	cp, err := mesh.NewMesh(ctx, cfg.ClusterName()+"-mesh", &mesh.MeshArgs{
		IstiodReplicas:     replicas,
		Charts:             p.Charts,
		SkipGatewayAPICRDs: !cfg.Mesh.InstallGatewayAPICRDs,
	}, pulumi.Provider(p.In.Provider), pulumi.DependsOn(p.In.NodesReady))
	if err != nil {
		return fmt.Errorf("mesh: %w", err)
	}
	p.Mesh = &Mesh{ControlPlane: cp}
	return nil
}

// serviceMesh is what a service is told about the mesh, when the stack runs one: enrolled, with
// its request policy, and reached through the ingress gateway (the edge route and the ingress
// NetworkPolicy name it).
func (p *Platform) serviceMesh(svc config.Service) ipservice.Mesh {
	if p.Mesh == nil {
		return ipservice.Mesh{}
	}
	return ipservice.Mesh{
		Enrolled: true,
		Route: ipservice.Route{
			TimeoutSeconds:       svc.Mesh.TimeoutSeconds,
			Retries:              svc.Mesh.Retries,
			PerTryTimeoutSeconds: svc.Mesh.PerTryTimeoutSeconds,
		},
		Edge: &ipservice.Edge{
			GatewayNamespace: mesh.IngressNamespace,
			GatewayName:      mesh.IngressGatewayName,
			Listener:         mesh.IngressListener,
			Hostname:         p.Config.Gateway.Domain,
			PodLabels:        mesh.IngressPodLabels(),
		},
		After: p.Mesh.ControlPlane.Ready,
	}
}

// buildMeshIngress installs the ingress gateway once the services exist: the ALB's only target in
// a stack with the mesh, admitted from the public subnets (the ALB's) and sending to each service.
func (p *Platform) buildMeshIngress(ctx *pulumi.Context) error {
	if p.Mesh == nil || p.Services == nil {
		return nil
	}
	cfg := p.Config
	loadBalancerCidrs, err := tierCidrs(cfg, network.TierPublic)
	if err != nil {
		return fmt.Errorf("mesh ingress gateway: %w", err)
	}
	backends := make([]mesh.IngressBackend, 0, len(p.Services.ByName))
	for _, s := range p.Services.ByName {
		backends = append(backends, mesh.IngressBackend{
			Namespace: s.Namespace, PodLabels: ipservice.PodSelector(s.ServiceName), APIPort: s.APIPort,
		})
	}
	p.Mesh.Ingress, err = mesh.NewIngressGateway(ctx, cfg.ClusterName()+"-mesh-ingress", &mesh.IngressGatewayArgs{
		Hostname:          cfg.Gateway.Domain,
		LoadBalancerCidrs: loadBalancerCidrs,
		Backends:          backends,
		Scraper:           meshScraper,
		MinReplicas:       cfg.Mesh.IngressGateway.MinReplicas,
		MaxReplicas:       cfg.Mesh.IngressGateway.MaxReplicas,
		Charts:            p.Charts,
		After:             p.Mesh.ControlPlane.Ready,
	}, pulumi.Provider(p.In.Provider), pulumi.DependsOn(p.In.NodesReady))
	if err != nil {
		return fmt.Errorf("mesh ingress gateway: %w", err)
	}
	return nil
}

// buildMeshWorkloads gives each service namespace its waypoint and policies once the services
// (their namespaces) exist, and the mesh's monitors once the observability stack (their CRDs) does.
func (p *Platform) buildMeshWorkloads(ctx *pulumi.Context) error {
	if p.Mesh == nil || p.Services == nil {
		return nil
	}
	cfg := p.Config
	name := cfg.ClusterName() + "-mesh"
	onCluster := pulumi.Provider(p.In.Provider)
	byName := map[string]config.Service{}
	for _, s := range cfg.Services {
		byName[s.Name] = s
	}
	namespaces := make([]string, 0, len(p.Services.ByName))
	for _, s := range p.Services.ByName {
		svc := byName[s.ServiceName]
		w, err := mesh.NewWorkload(ctx, name+"-"+s.ServiceName, &mesh.WorkloadArgs{
			ServiceName:    s.ServiceName,
			Namespace:      pulumi.String(s.Namespace),
			APIPort:        svc.APIPort,
			ManagementPort: svc.ManagementPort,
			Ingress:        mesh.IngressPrincipal(),
			Scraper:        meshScraper,
			// The service's namespace is created inside the service component.
			After: append([]pulumi.Resource{s}, p.Mesh.ControlPlane.Ready...),
		}, onCluster)
		if err != nil {
			return fmt.Errorf("mesh %s: %w", s.ServiceName, err)
		}
		p.Mesh.Workloads = append(p.Mesh.Workloads, w)
		namespaces = append(namespaces, s.Namespace)
	}
	if p.Observability == nil {
		return nil
	}
	var err error
	p.Mesh.Telemetry, err = mesh.NewTelemetry(ctx, name+"-telemetry", &mesh.TelemetryArgs{
		WaypointNamespaces: namespaces,
		IngressGateway:     p.Mesh.Ingress != nil,
		Prometheus:         meshScraper,
		After:              append([]pulumi.Resource{p.Observability.PrometheusRelease, p.Observability}, p.Mesh.ControlPlane.Ready...),
	}, onCluster)
	if err != nil {
		return fmt.Errorf("mesh telemetry: %w", err)
	}
	return nil
}

// exportMesh publishes the mesh's version and root namespace (nothing where it is off).
func (p *Platform) exportMesh(ctx *pulumi.Context) {
	if p.Mesh == nil {
		return
	}
	ctx.Export("mesh", pulumi.Map{
		"mode":              pulumi.String(p.Config.Mesh.Mode),
		"istioVersion":      pulumi.String(mesh.IstioVersion),
		"gatewayApiVersion": pulumi.String(mesh.GatewayAPIVersion),
		"rootNamespace":     p.Mesh.ControlPlane.Namespace,
	})
}
