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

// serviceMesh is what a service is told about the mesh: enrolled, with its request policy, when
// the stack runs one.
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
		After: p.Mesh.ControlPlane.Ready,
	}
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
	// The gateway's load balancer lives in the public subnets (services.go says why its blocks
	// name it).
	gatewayCidrs, err := tierCidrs(cfg, network.TierPublic)
	if err != nil {
		return fmt.Errorf("mesh: %w", err)
	}
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
			GatewayCidrs:   gatewayCidrs,
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
	p.Mesh.Telemetry, err = mesh.NewTelemetry(ctx, name+"-telemetry", &mesh.TelemetryArgs{
		WaypointNamespaces: namespaces,
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
