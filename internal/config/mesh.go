package config

// Mesh modes for Mesh.Mode.
const (
	// MeshAmbient runs Istio in ambient mode (components/mesh) and enrols the IP services.
	MeshAmbient = "ambient"
	// MeshOff installs no service mesh.
	MeshOff = "off"
)

// StrategyMeshCanary is the release strategy that splits requests between the stable and the
// canary track by weight in the service mesh, rather than by replica ratio.
const StrategyMeshCanary = "meshCanary"

// Mesh is the service mesh of the stack (ip-platform:mesh).
type Mesh struct {
	// Mode is MeshAmbient or MeshOff.
	Mode string
	// InstallGatewayAPICRDs has the mesh install the Kubernetes Gateway API CRDs from their
	// release manifest; false leaves them to the cluster's owner (a cluster that has them already,
	// or one that cannot download the manifest).
	InstallGatewayAPICRDs bool
	// IngressGateway sizes the mesh's ingress gateway, which every API request goes through.
	IngressGateway IngressGateway
}

// IngressGateway is the size of the mesh's ingress gateway (mesh.ingressGateway): the bounds of
// its HPA.
type IngressGateway struct {
	MinReplicas int
	MaxReplicas int
}

// maxIngressGatewayReplicas is the HPA's ceiling (components/mesh refuses more).
const maxIngressGatewayReplicas = 20

// Enabled reports whether the stack runs the service mesh.
func (m Mesh) Enabled() bool { return m.Mode == MeshAmbient }

// ServiceMesh is one service's request policy in the mesh (services.<name>.mesh), applied by the
// ingress gateway to the API's requests and by the namespace's waypoint to requests addressed to
// the service inside the mesh.
type ServiceMesh struct {
	// TimeoutSeconds bounds a request, its retries included.
	TimeoutSeconds int
	// Retries is how many times a failed attempt (unreachable, 502, 503, 504) is retried.
	Retries int
	// PerTryTimeoutSeconds bounds each attempt.
	PerTryTimeoutSeconds int
}

// Bounds of a service's mesh settings: beyond five minutes a request is a job, and more than ten
// retries turn one backend's outage into a retry storm.
const (
	maxMeshTimeoutSeconds = 300
	maxMeshRetries        = 10
)

// defaultServiceMesh: three attempts of five seconds fit in the fifteen-second budget, which is
// what the gateway's clients wait for an API answer.
var defaultServiceMesh = ServiceMesh{TimeoutSeconds: 15, Retries: 2, PerTryTimeoutSeconds: 5}

// meshProfile returns the environment's mesh. staging and prod run it: mutual TLS between every
// workload and identity-based authorization are what production is secured by, and staging must
// test the same; dev leaves it out by default to keep its small nodes for the services.
//
// The ingress gateway: prod keeps one per zone (three) so that a zone's loss leaves two serving
// and a node drain never takes the API's only entry; staging two, to exercise the same
// PodDisruptionBudget; dev, when its mesh is switched on, one.
func meshProfile(env Environment) Mesh {
	switch env {
	case Dev:
		return Mesh{Mode: MeshOff, InstallGatewayAPICRDs: true, IngressGateway: IngressGateway{MinReplicas: 1, MaxReplicas: 2}}
	case Staging:
		return Mesh{Mode: MeshAmbient, InstallGatewayAPICRDs: true, IngressGateway: IngressGateway{MinReplicas: 2, MaxReplicas: 4}}
	}
	return Mesh{Mode: MeshAmbient, InstallGatewayAPICRDs: true, IngressGateway: IngressGateway{MinReplicas: 3, MaxReplicas: 9}}
}

// parseMesh reads the mesh object over the environment's profile.
func parseMesh(p *problems, values map[string]string, env Environment) Mesh {
	m := meshProfile(env)
	if o := structured(p, values, "mesh"); o != nil {
		o.string("mode", &m.Mode)
		o.bool("installGatewayApiCrds", &m.InstallGatewayAPICRDs)
		o.object("ingressGateway", func(g *object) {
			g.int("minReplicas", &m.IngressGateway.MinReplicas)
			g.int("maxReplicas", &m.IngressGateway.MaxReplicas)
		})
		o.done()
	}
	return m
}

// readServiceMesh reads services.<name>.mesh over the defaults.
func readServiceMesh(o *object, s *Service) {
	o.int("timeoutSeconds", &s.Mesh.TimeoutSeconds)
	o.int("retries", &s.Mesh.Retries)
	o.int("perTryTimeoutSeconds", &s.Mesh.PerTryTimeoutSeconds)
}

// validateMesh checks the mesh mode and every service's mesh settings against it.
func validateMesh(p *problems, c *Config) {
	switch c.Mesh.Mode {
	case MeshAmbient, MeshOff:
	default:
		p.add(key("mesh.mode"), "must be %s or %s, got %q", MeshAmbient, MeshOff, c.Mesh.Mode)
	}
	g := c.Mesh.IngressGateway
	minReplicas := 1
	if c.Environment == Prod {
		// Every API request goes through it: one pod is a single point of failure.
		minReplicas = 2
	}
	if g.MinReplicas < minReplicas || g.MinReplicas > maxIngressGatewayReplicas {
		p.add(key("mesh.ingressGateway.minReplicas"), "must be from %d to %d in %s, got %d", minReplicas, maxIngressGatewayReplicas, c.Environment, g.MinReplicas)
	}
	if g.MaxReplicas < g.MinReplicas || g.MaxReplicas > maxIngressGatewayReplicas {
		p.add(key("mesh.ingressGateway.maxReplicas"), "must be from mesh.ingressGateway.minReplicas (%d) to %d, got %d", g.MinReplicas, maxIngressGatewayReplicas, g.MaxReplicas)
	}
	for _, s := range c.Services {
		if s.Release.Strategy == StrategyMeshCanary && !c.Mesh.Enabled() {
			p.add(servicePath(s.Name, "release.strategy"), "%s needs the service mesh: set %s to %s (the mesh's waypoint applies the weights)",
				StrategyMeshCanary, key("mesh.mode"), MeshAmbient)
		}
		m := s.Mesh
		if m.TimeoutSeconds < 1 || m.TimeoutSeconds > maxMeshTimeoutSeconds {
			p.add(servicePath(s.Name, "mesh.timeoutSeconds"), "must be from 1 to %d seconds, got %d", maxMeshTimeoutSeconds, m.TimeoutSeconds)
		}
		if m.Retries < 0 || m.Retries > maxMeshRetries {
			p.add(servicePath(s.Name, "mesh.retries"), "must be from 0 (no retry) to %d, got %d", maxMeshRetries, m.Retries)
		}
		if m.PerTryTimeoutSeconds < 1 || m.PerTryTimeoutSeconds > m.TimeoutSeconds {
			p.add(servicePath(s.Name, "mesh.perTryTimeoutSeconds"), "must be from 1 to mesh.timeoutSeconds (%d) seconds, got %d", m.TimeoutSeconds, m.PerTryTimeoutSeconds)
		}
	}
}

// meshKeys documents ip-platform:mesh and the services' mesh settings.
func meshKeys() []Key {
	svc := func(field, typ, def, desc string) Key {
		return Key{Name: "services.<service>.mesh." + field, Type: typ, Default: def, Description: desc}
	}
	return []Key{
		{Name: "mesh", Type: "object", ProjectDefault: map[string]any{}, Default: "environment profile",
			Description: "The service mesh (fields below): Istio in ambient mode, mutual TLS STRICT between all enrolled workloads, identity-based authorization per service, a waypoint per service namespace."},
		{Name: "mesh.mode", Type: "string", Default: "dev: off; staging, prod: ambient",
			Description: "ambient (Istio ambient mode; the three service namespaces are enrolled) or off (no mesh). The policy pack requires ambient in staging and prod."},
		{Name: "mesh.installGatewayApiCrds", Type: "boolean", Default: "true",
			Description: "The mesh installs the Kubernetes Gateway API CRDs (the experimental channel of the release Istio supports) from the release manifest on GitHub; set false where the cluster has them already or cannot download the manifest (install them first, e.g. from an air-gapped copy of that manifest)."},
		{Name: "mesh.ingressGateway", Type: "object", Default: "environment profile",
			Description: "The mesh's ingress gateway (Istio's gateway chart in istio-ingress), behind the ALB: every API request goes through it, with its services' routes (fields below)."},
		{Name: "mesh.ingressGateway.minReplicas", Type: "integer", Default: "dev: 1; staging: 2; prod: 3",
			Description: "Fewest gateway pods (the HPA's minimum), 1 to 20; at least 2 in prod. Above one, a PodDisruptionBudget keeps one up."},
		{Name: "mesh.ingressGateway.maxReplicas", Type: "integer", Default: "dev: 2; staging: 4; prod: 9",
			Description: "Most gateway pods the HPA may run (on CPU, 70% of requests), minReplicas to 20."},
		svc("timeoutSeconds", "integer", "15",
			"Budget of a request to the service, retries included, at the ingress gateway and through the waypoint, 1 to 300 (HTTPRoute timeouts.request)."),
		svc("retries", "integer", "2",
			"Retries of a failed attempt (unreachable, 502, 503, 504), 0 to 10; 0 never retries (HTTPRoute retry.attempts)."),
		svc("perTryTimeoutSeconds", "integer", "5",
			"Budget of each attempt, 1 to timeoutSeconds (HTTPRoute timeouts.backendRequest)."),
	}
}
