package config

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ip-platform/infra/internal/quantity"
)

// Service is one IP service's validated settings (ip-platform:services.<name>).
type Service struct {
	Name string
	// APIPort and ManagementPort are the spec's ports (not configurable); equal when the service
	// serves health and metrics on its API port.
	APIPort        int
	ManagementPort int
	Image          Image
	Requests       Quantities
	Limits         Quantities
	Replicas       Replicas
	Release        Release
	FeatureFlags   map[string]string
	// Mesh is the service's request policy in the service mesh (internal/config/mesh.go).
	Mesh ServiceMesh
	// SLO is the service's objectives (internal/config/slo.go).
	SLO SLO
}

// Image is a container image by tag, digest or both.
type Image struct {
	Repository string
	Tag        string
	Digest     string
}

// Reference is the image reference a pod pulls: repository:tag, repository@digest or both.
func (i Image) Reference() string {
	ref := i.Repository
	if i.Tag != "" {
		ref += ":" + i.Tag
	}
	if i.Digest != "" {
		ref += "@" + i.Digest
	}
	return ref
}

// Quantities are a CPU, a memory and an ephemeral-storage quantity (internal/quantity rules).
type Quantities struct {
	CPU    string
	Memory string
	// EphemeralStorage is node disk: the container's logs and its /tmp (ephemeral.go).
	EphemeralStorage string
}

// Replicas bound the service's HorizontalPodAutoscaler.
type Replicas struct {
	Min int
	Max int
}

// Release strategies for Release.Strategy.
const (
	StrategyRolling   = "rolling"
	StrategyBlueGreen = "blueGreen"
	StrategyCanary    = "canary"
)

// Release is how a new version reaches users.
type Release struct {
	Strategy string
	// ActiveColor is "blue" or "green" (blueGreen only).
	ActiveColor string
	// CanaryWeight is the percentage of the baseline replicas on the candidate (canary only).
	CanaryWeight int
	// Candidate is the idle color's (blueGreen) or the canary's (canary) image; empty fields take
	// the service image's. Its Repository is always the service's.
	Candidate Image
}

// serviceSpec is what the spec fixes for a service: its ports and its limits.
type serviceSpec struct {
	name                    string
	apiPort, managementPort int
	limits                  Quantities
}

// serviceCatalogue lists the IP services in the spec's order: ports from "Service Containers",
// limits from "Resource Allocation" (deployment-architecture.md).
var serviceCatalogue = []serviceSpec{
	{name: "trademark", apiPort: 4001, managementPort: 4002, limits: Quantities{CPU: "500m", Memory: "1Gi"}},
	{name: "copyright", apiPort: 4003, managementPort: 4004, limits: Quantities{CPU: "500m", Memory: "1Gi"}},
	// One port for API, health and metrics.
	{name: "recommendation", apiPort: 3000, managementPort: 3000, limits: Quantities{CPU: "1000m", Memory: "2Gi"}},
}

// ServiceNames lists the IP services in the spec's order.
func ServiceNames() []string {
	names := make([]string, len(serviceCatalogue))
	for i, s := range serviceCatalogue {
		names[i] = s.name
	}
	return names
}

// servicesProfile returns the environment's requests and replica bounds for a service of the given
// limits. Requests are what the scheduler reserves and what HPA utilization is measured against:
// half the limit in staging and prod leaves burst headroom without packing nodes too thin; dev
// reserves a quarter so the three services fit on one small node.
func servicesProfile(env Environment, limits Quantities) (Quantities, Replicas) {
	cpu, _ := quantity.CPU(limits.CPU)       // catalogue values, always valid
	mem, _ := quantity.Memory(limits.Memory) // catalogue values, always valid
	share := func(divisor int64) Quantities {
		mi := mem >> 20 / divisor
		memory := fmt.Sprintf("%dMi", mi)
		if mi%1024 == 0 {
			memory = fmt.Sprintf("%dGi", mi/1024)
		}
		return Quantities{CPU: fmt.Sprintf("%dm", cpu/divisor), Memory: memory}
	}
	switch env {
	case Prod:
		// Three pods: one per zone, so a zone outage leaves two thirds of capacity serving.
		return share(2), Replicas{Min: 3, Max: 10}
	case Staging:
		return share(2), Replicas{Min: 2, Max: 4}
	default:
		return share(4), Replicas{Min: 1, Max: 2}
	}
}

// defaultRepository is the ECR repository the registry layer (components/registry) creates for a
// service: one per stack, "<project>/<stack>/<service>", so a stack pulls only images promoted into
// its own repositories.
func defaultRepository(c *Config, service string) string {
	return fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s/%s/%s", c.AccountID, c.Region, c.Project, c.Stack, service)
}

func servicePath(name, field string) string {
	return key("services." + name + "." + field)
}

// parseServices reads ip-platform:accountId and ip-platform:services into cfg: one object per known
// service, each field defaulting to the spec (limits) or the environment profile (requests,
// replicas).
func parseServices(p *problems, values map[string]string, cfg *Config) {
	cfg.AccountID, _ = lookup(values, "accountId")
	var o *object
	if raw, ok := lookup(values, "services"); ok && raw != "" {
		if v, ok := parseJSON(p, key("services"), raw); ok {
			o = asObject(p, key("services"), v)
		}
	}
	out := make([]Service, 0, len(serviceCatalogue))
	for _, spec := range serviceCatalogue {
		requests, replicas := servicesProfile(cfg.Environment, spec.limits)
		limits := spec.limits
		requests.EphemeralStorage, limits.EphemeralStorage = ephemeralStorageProfile(cfg.Environment)
		s := Service{
			Name: spec.name, APIPort: spec.apiPort, ManagementPort: spec.managementPort,
			Limits: limits, Requests: requests, Replicas: replicas,
			Release: Release{Strategy: StrategyRolling},
			Mesh:    defaultServiceMesh,
			SLO:     defaultSLO,
		}
		if o != nil {
			if v, set := o.get(spec.name); set {
				if so := asObject(p, o.child(spec.name), v); so != nil {
					readService(so, &s)
					so.done()
				}
			}
		}
		if s.Image.Repository == "" && cfg.AccountID != "" {
			s.Image.Repository = defaultRepository(cfg, spec.name)
		}
		out = append(out, s)
	}
	if o != nil {
		reportUnknownServices(o)
	}
	cfg.Services = out
}

func readService(o *object, s *Service) {
	sub := func(name string, read func(*object)) {
		if v, set := o.get(name); set {
			if so := asObject(o.p, o.child(name), v); so != nil {
				read(so)
				so.done()
			}
		}
	}
	sub("image", func(i *object) {
		i.string("repository", &s.Image.Repository)
		i.string("tag", &s.Image.Tag)
		i.string("digest", &s.Image.Digest)
	})
	sub("limits", func(q *object) { readQuantities(q, &s.Limits) })
	sub("requests", func(q *object) { readQuantities(q, &s.Requests) })
	sub("replicas", func(r *object) { r.int("min", &s.Replicas.Min); r.int("max", &s.Replicas.Max) })
	sub("release", func(r *object) {
		r.string("strategy", &s.Release.Strategy)
		r.string("activeColor", &s.Release.ActiveColor)
		r.int("canaryWeight", &s.Release.CanaryWeight)
		if v, set := r.get("candidate"); set {
			if c := asObject(r.p, r.child("candidate"), v); c != nil {
				c.string("tag", &s.Release.Candidate.Tag)
				c.string("digest", &s.Release.Candidate.Digest)
				c.done()
			}
		}
	})
	if v, set := o.get("featureFlags"); set {
		s.FeatureFlags = readFlags(o.p, o.child("featureFlags"), v)
	}
	sub("mesh", func(m *object) { readServiceMesh(m, s) })
	sub("slo", func(o *object) { readSLO(o, s) })
}

// readFlags accepts strings, booleans and numbers as flag values (YAML's `on: true` is a boolean)
// and hands them to the service as strings.
func readFlags(p *problems, path string, v any) map[string]string {
	m, ok := v.(map[string]any)
	if !ok {
		p.add(path, "must be a map of flag names to values, got %s", describe(v))
		return nil
	}
	out := make(map[string]string, len(m))
	for k, e := range m {
		switch t := e.(type) {
		case string:
			out[k] = t
		case bool:
			out[k] = strconv.FormatBool(t)
		case float64:
			out[k] = strconv.FormatFloat(t, 'f', -1, 64)
		default:
			p.add(path+"."+k, "must be a string, boolean or number, got %s", describe(e))
		}
	}
	return out
}

func reportUnknownServices(o *object) {
	var unknown []string
	for k := range o.fields {
		if !slices.Contains(ServiceNames(), k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		o.p.add(o.child(k), "is not a known service; allowed: %s", strings.Join(ServiceNames(), ", "))
	}
}

var (
	accountIDPattern  = regexp.MustCompile(`^[0-9]{12}$`)
	repositoryPattern = regexp.MustCompile(`^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]+)?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)+$`)
	tagPattern        = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	digestPattern     = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)
	flagNamePattern   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
)

// maxServiceReplicas caps an HPA: beyond it a service needs a capacity review, not a config edit.
const maxServiceReplicas = 100

func validateAccountID(p *problems, id string) {
	switch {
	case id == "":
		p.add(key("accountId"), "is required: the 12-digit AWS account the stack deploys to (it names the ECR registry of the service images)")
	case !accountIDPattern.MatchString(id):
		p.add(key("accountId"), "must be a 12-digit AWS account ID, got %q", id)
	}
}

func validateServices(p *problems, c *Config) {
	validateAccountID(p, c.AccountID)
	for _, s := range c.Services {
		validateImage(p, s.Name, "image", s.Image, true)
		validateQuantities(p, s)
		switch {
		case s.Replicas.Min < 1:
			p.add(servicePath(s.Name, "replicas.min"), "must be >= 1, got %d", s.Replicas.Min)
		case c.Environment == Prod && s.Replicas.Min < len(c.AvailabilityZones):
			p.add(servicePath(s.Name, "replicas.min"), "must be >= %d in prod (one pod per zone survives a zone outage), got %d", len(c.AvailabilityZones), s.Replicas.Min)
		}
		if s.Replicas.Max < s.Replicas.Min || s.Replicas.Max > maxServiceReplicas {
			p.add(servicePath(s.Name, "replicas.max"), "must be from replicas.min (%d) to %d, got %d", s.Replicas.Min, maxServiceReplicas, s.Replicas.Max)
		}
		validateRelease(p, s)
		validateSLO(p, s)
		for k := range s.FeatureFlags {
			if !flagNamePattern.MatchString(k) {
				p.add(servicePath(s.Name, "featureFlags."+k), "must be a flag name of letters, digits and underscores starting with a letter (it becomes the variable FLAG_%s)", k)
			}
		}
	}
}

func validateImage(p *problems, service, field string, i Image, needRepository bool) {
	if needRepository && i.Repository != "" && !repositoryPattern.MatchString(i.Repository) {
		p.add(servicePath(service, field+".repository"), "must be an image repository without tag, such as 111122223333.dkr.ecr.us-east-1.amazonaws.com/ip-platform/prod/%s, got %q", service, i.Repository)
	}
	switch {
	case i.Tag == "" && i.Digest == "" && needRepository:
		p.add(servicePath(service, field+".tag"), "is required (or set %s.digest): an image without a pinned version deploys different bits on each pull", field)
	case strings.EqualFold(i.Tag, "latest"):
		p.add(servicePath(service, field+".tag"), "must not be latest: pin a version tag or a digest")
	case i.Tag != "" && !tagPattern.MatchString(i.Tag):
		p.add(servicePath(service, field+".tag"), "must be an image tag (letters, digits, '_', '.', '-'; up to 128), got %q", i.Tag)
	}
	if i.Digest != "" && !digestPattern.MatchString(i.Digest) {
		p.add(servicePath(service, field+".digest"), "must be sha256:<64 lower-case hex digits>, got %q", i.Digest)
	}
}

func validateQuantities(p *problems, s Service) {
	cpuReq, errReq := quantity.CPU(s.Requests.CPU)
	cpuLim, errLim := quantity.CPU(s.Limits.CPU)
	checkPair(p, s.Name, "cpu", errReq, errLim, cpuReq <= cpuLim, s.Requests.CPU, s.Limits.CPU)
	memReq, errReq := quantity.Memory(s.Requests.Memory)
	memLim, errLim := quantity.Memory(s.Limits.Memory)
	checkPair(p, s.Name, "memory", errReq, errLim, memReq <= memLim, s.Requests.Memory, s.Limits.Memory)
	validateEphemeralStorage(p, s)
}

func checkPair(p *problems, service, resource string, errReq, errLim error, within bool, req, lim string) {
	if errLim != nil {
		p.add(servicePath(service, "limits."+resource), "%v", errLim)
	}
	if errReq != nil {
		p.add(servicePath(service, "requests."+resource), "%v", errReq)
	}
	if errReq == nil && errLim == nil && !within {
		p.add(servicePath(service, "limits."+resource), "must be at least requests.%s (%s), got %s", resource, req, lim)
	}
}

func validateRelease(p *problems, s Service) {
	r := s.Release
	switch r.Strategy {
	case StrategyRolling, StrategyBlueGreen, StrategyCanary, StrategyMeshCanary:
	default:
		p.add(servicePath(s.Name, "release.strategy"), "must be one of %s, %s, %s, %s, got %q", StrategyRolling, StrategyBlueGreen, StrategyCanary, StrategyMeshCanary, r.Strategy)
	}
	switch {
	case r.ActiveColor != "" && r.Strategy != StrategyBlueGreen:
		p.add(servicePath(s.Name, "release.activeColor"), "applies only to strategy %s, not %q", StrategyBlueGreen, r.Strategy)
	case r.ActiveColor != "" && r.ActiveColor != "blue" && r.ActiveColor != "green":
		p.add(servicePath(s.Name, "release.activeColor"), "must be blue or green, got %q", r.ActiveColor)
	}
	switch {
	case r.CanaryWeight < 0 || r.CanaryWeight > 100:
		p.add(servicePath(s.Name, "release.canaryWeight"), "must be a percentage from 0 to 100, got %d", r.CanaryWeight)
	case r.CanaryWeight != 0 && r.Strategy != StrategyCanary && r.Strategy != StrategyMeshCanary:
		p.add(servicePath(s.Name, "release.canaryWeight"), "applies only to strategies %s and %s, not %q", StrategyCanary, StrategyMeshCanary, r.Strategy)
	}
	if r.Candidate != (Image{}) && r.Strategy == StrategyRolling {
		p.add(servicePath(s.Name, "release.candidate"), "applies only to strategies %s and %s", StrategyBlueGreen, StrategyCanary)
	}
	validateImage(p, s.Name, "release.candidate", r.Candidate, false)
}

// CandidateImage is the image the idle color or the canary runs: the candidate's tag or digest in
// the service's repository, or the service image when no candidate is set.
func (s Service) CandidateImage() Image {
	if s.Release.Candidate.Tag == "" && s.Release.Candidate.Digest == "" {
		return s.Image
	}
	c := s.Release.Candidate
	c.Repository = s.Image.Repository
	return c
}

// servicesKeys documents ip-platform:accountId and ip-platform:services.
func servicesKeys() []Key {
	svc := func(field, typ, def, desc string) Key {
		return Key{Name: "services.<service>." + field, Type: typ, Default: def, Description: desc}
	}
	return []Key{
		{Name: "accountId", Type: "string", Default: "required",
			Description: "The 12-digit AWS account the stack deploys to. Names the ECR registry of the service images, so previews need no AWS call."},
		{Name: "services", Type: "object", ProjectDefault: map[string]any{}, Default: "spec and environment profile",
			Description: "The IP services by name: trademark, copyright, recommendation (fields below); any other name is refused. Each needs at least image.tag or image.digest."},
		svc("image.repository", "string", "<accountId>.dkr.ecr.<region>.amazonaws.com/<project>/<stack>/<service>",
			"Image repository, without tag."),
		svc("image.tag", "string", "required unless image.digest",
			"Image tag, e.g. 1.4.2; latest is refused."),
		svc("image.digest", "string", "none",
			"Image digest sha256:<64 hex>; pins the bits even if the tag moves."),
		svc("limits.cpu", "string", "trademark, copyright: 500m; recommendation: 1000m (the spec)",
			"CPU limit: millicores with an m suffix (500m) or cores with up to three decimals (0.5). A bare 500 means 500 cores and is refused."),
		svc("limits.memory", "string", "trademark, copyright: 1Gi; recommendation: 2Gi (the spec)",
			"Memory limit: a whole number with a binary suffix Mi or Gi (512Mi, 1Gi). 500, 1G and 1.5Gi are refused."),
		svc("requests.cpu", "string", "dev: limit/4; staging, prod: limit/2",
			"CPU request, same syntax as limits.cpu, at most limits.cpu."),
		svc("requests.memory", "string", "dev: limit/4; staging, prod: limit/2",
			"Memory request, same syntax as limits.memory, at most limits.memory."),
		svc("limits.ephemeral-storage", "string", "dev: 512Mi; staging, prod: 1Gi",
			"Node disk the container may use (its logs and /tmp) before the kubelet evicts the pod; memory's syntax, at least 256Mi. /tmp's emptyDir gets this minus 128Mi kept for logs."),
		svc("requests.ephemeral-storage", "string", "dev: 128Mi; staging, prod: 256Mi",
			"Node disk the scheduler reserves for the container, same syntax, at most limits.ephemeral-storage."),
		svc("replicas.min", "integer", "dev: 1; staging: 2; prod: 3",
			"HPA floor, >= 1; in prod at least one per availability zone."),
		svc("replicas.max", "integer", "dev: 2; staging: 4; prod: 10",
			"HPA ceiling, from replicas.min to 100."),
		svc("release.strategy", "string", StrategyRolling,
			"rolling (one Deployment), blueGreen (blue and green Deployments, the Service selects activeColor), canary (stable and canary Deployments; traffic splits by replica ratio) or meshCanary (stable and canary Deployments, each behind its own Service; the mesh's waypoint sends canaryWeight percent of the requests addressed to the service to the canary; needs mesh.mode ambient)."),
		svc("release.activeColor", "string", "blue",
			"blueGreen only: the color that takes traffic and runs image; the other runs release.candidate."),
		svc("release.canaryWeight", "integer", "0",
			"canary: percent of replicas.min running release.candidate, 0 to 100 (rounded to whole pods, at least one pod above 0); meshCanary: percent of the requests sent to the canary."),
		svc("release.candidate", "object", "the service image",
			"{tag, digest} of the idle color (blueGreen) or the canary (canary, meshCanary), in the service's repository."),
		svc("featureFlags", "object", "{}",
			"Flag name to value (string, boolean or number); each becomes FLAG_<name> in the pods, and a change rolls them."),
	}
}
