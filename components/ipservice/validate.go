package ipservice

import (
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/ip-platform/infra/internal/quantity"
)

// Defaults for what Args leave out.
const (
	defaultLivenessPath  = "/health/live"
	defaultReadinessPath = "/health/ready"
	defaultMetricsPath   = "/metrics"
	defaultMinReplicas   = 2
	defaultCPUTarget     = 70
	defaultMemoryTarget  = 80
	maxServiceNameLength = 40
)

var (
	dnsLabel    = regexp.MustCompile(`^[a-z]([-a-z0-9]*[a-z0-9])?$`)
	flagName    = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	accountID   = regexp.MustCompile(`^[0-9]{12}$`)
	region      = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)
	secretsPath = regexp.MustCompile(`^[A-Za-z0-9/_+=.@-]+$`)
)

// withDefaults validates args and returns a copy with the defaults filled in; nothing is
// registered when it fails.
func withDefaults(name string, args *ServiceArgs) (ServiceArgs, error) {
	if args == nil {
		return ServiceArgs{}, fmt.Errorf("ipservice %s: args are required", name)
	}
	a := *args
	fill := func(v *string, def string) {
		if *v == "" {
			*v = def
		}
	}
	if a.ManagementPort == 0 {
		a.ManagementPort = a.APIPort
	}
	fill(&a.LivenessPath, defaultLivenessPath)
	fill(&a.ReadinessPath, defaultReadinessPath)
	fill(&a.MetricsPath, defaultMetricsPath)
	if a.MinReplicas == 0 {
		a.MinReplicas = defaultMinReplicas
	}
	if a.MaxReplicas == 0 {
		a.MaxReplicas = 2 * a.MinReplicas
	}
	if a.TargetCPUUtilization == 0 {
		a.TargetCPUUtilization = defaultCPUTarget
	}
	if a.TargetMemoryUtilization == 0 {
		a.TargetMemoryUtilization = defaultMemoryTarget
	}
	if a.Release.Strategy == "" {
		a.Release.Strategy = Rolling
	}
	if a.Release.ActiveColor == "" {
		a.Release.ActiveColor = Blue
	}
	meshDefaults(&a)
	ephemeralStorageDefaults(&a.Resources)
	fill(&a.Release.CandidateImage, a.Image)
	if err := validate(&a); err != nil {
		return ServiceArgs{}, fmt.Errorf("ipservice %s: %w", name, err)
	}
	return a, nil
}

// validate checks filled-in args; errors name the field.
func validate(a *ServiceArgs) error {
	if len(a.ServiceName) > maxServiceNameLength || !dnsLabel.MatchString(a.ServiceName) {
		return fmt.Errorf("ServiceName %q must be a DNS label of at most %d characters (lower case letters, digits, dashes)", a.ServiceName, maxServiceNameLength)
	}
	if err := checkImage(a.Image); err != nil {
		return fmt.Errorf("Image: %w", err)
	}
	if err := checkPorts(a.APIPort, a.ManagementPort); err != nil {
		return err
	}
	for field, path := range map[string]string{"LivenessPath": a.LivenessPath, "ReadinessPath": a.ReadinessPath, "MetricsPath": a.MetricsPath} {
		if !strings.HasPrefix(path, "/") {
			return fmt.Errorf("%s %q must be an absolute HTTP path", field, path)
		}
	}
	if err := checkResources(a.Resources); err != nil {
		return fmt.Errorf("Resources: %w", err)
	}
	if err := checkScaling(a); err != nil {
		return err
	}
	if err := checkRelease(a.Release); err != nil {
		return fmt.Errorf("Release: %w", err)
	}
	if err := checkMesh(a); err != nil {
		return err
	}
	for k := range a.FeatureFlags {
		if !flagName.MatchString(k) {
			return fmt.Errorf("FeatureFlags: %q must be letters, digits and underscores starting with a letter (it becomes the variable FLAG_%s)", k, k)
		}
	}
	if err := checkDatabase(a.Database); err != nil {
		return fmt.Errorf("Database: %w", err)
	}
	if err := checkCache(a.Cache); err != nil {
		return fmt.Errorf("Cache: %w", err)
	}
	return checkPlatform(a)
}

func checkPorts(api, management int) error {
	if api < 1 || api > 65535 {
		return fmt.Errorf("APIPort (%d) must be from 1 to 65535", api)
	}
	if management < 1 || management > 65535 {
		return fmt.Errorf("ManagementPort (%d) must be from 1 to 65535", management)
	}
	return nil
}

func checkScaling(a *ServiceArgs) error {
	switch {
	case a.MinReplicas < 1:
		return fmt.Errorf("MinReplicas (%d) must be >= 1", a.MinReplicas)
	case a.MaxReplicas < a.MinReplicas:
		return fmt.Errorf("MaxReplicas (%d) must be >= MinReplicas (%d)", a.MaxReplicas, a.MinReplicas)
	case a.TargetCPUUtilization < 1 || a.TargetCPUUtilization > 100:
		return fmt.Errorf("TargetCPUUtilization (%d) must be from 1 to 100 percent", a.TargetCPUUtilization)
	case a.TargetMemoryUtilization < 1 || a.TargetMemoryUtilization > 100:
		return fmt.Errorf("TargetMemoryUtilization (%d) must be from 1 to 100 percent", a.TargetMemoryUtilization)
	}
	return nil
}

func checkRelease(r Release) error {
	switch r.Strategy {
	case Rolling, BlueGreen, Canary, MeshCanary:
	default:
		return fmt.Errorf("Strategy %q must be %s, %s, %s or %s", r.Strategy, Rolling, BlueGreen, Canary, MeshCanary)
	}
	if r.ActiveColor != Blue && r.ActiveColor != Green {
		return fmt.Errorf("ActiveColor %q must be %s or %s", r.ActiveColor, Blue, Green)
	}
	if r.CanaryWeight < 0 || r.CanaryWeight > 100 {
		return fmt.Errorf("CanaryWeight (%d) must be from 0 to 100 percent", r.CanaryWeight)
	}
	if err := checkImage(r.CandidateImage); err != nil {
		return fmt.Errorf("CandidateImage: %w", err)
	}
	return nil
}

func checkDatabase(d Database) error {
	switch {
	case d.Host == nil:
		return fmt.Errorf("Host is required")
	case d.Port == nil:
		return fmt.Errorf("Port is required")
	case d.Name == "":
		return fmt.Errorf("Name is required")
	case d.User == "":
		return fmt.Errorf("User is required (DatabaseUser of the service)")
	}
	if err := checkCidrs(d.Cidrs); err != nil {
		return fmt.Errorf("Cidrs: %w", err)
	}
	return nil
}

func checkCache(c Cache) error {
	switch {
	case c.Host == nil:
		return fmt.Errorf("Host is required")
	case c.Port == nil:
		return fmt.Errorf("Port is required")
	case c.User == "":
		return fmt.Errorf("User is required")
	case c.ReplicationGroupArn == nil:
		return fmt.Errorf("ReplicationGroupArn is required")
	}
	if err := checkCidrs(c.Cidrs); err != nil {
		return fmt.Errorf("Cidrs: %w", err)
	}
	return nil
}

func checkPlatform(a *ServiceArgs) error {
	if u, err := url.Parse(a.OtelEndpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("OtelEndpoint %q must be an http(s) URL such as http://otel-collector.observability.svc.cluster.local:4317", a.OtelEndpoint)
	}
	// With Mesh.Edge the ingress gateway's pods are the API's only source (checkEdge).
	if a.Mesh.Edge == nil {
		if err := checkCidrs(a.GatewayCidrs); err != nil {
			return fmt.Errorf("GatewayCidrs: %w", err)
		}
	}
	switch {
	case a.SecretsRoleArn == nil:
		return fmt.Errorf("SecretsRoleArn is required")
	case !region.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name (e.g. eu-west-1)", a.Region)
	}
	return nil
}

func checkCidrs(cidrs []string) error {
	if len(cidrs) == 0 {
		return fmt.Errorf("at least one CIDR block is required")
	}
	for _, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil || p.Masked() != p {
			return fmt.Errorf("%q is not a CIDR block such as 10.30.0.0/20", c)
		}
		if p.Bits() == 0 {
			return fmt.Errorf("%q would admit every address", c)
		}
	}
	return nil
}

// checkResources applies the quantity rules and requires request <= limit, which Kubernetes would
// otherwise only reject when it creates the pod, long after the deploy reported success.
func checkResources(r Resources) error {
	cpuReq, err := quantity.CPU(r.CPURequest)
	if err != nil {
		return fmt.Errorf("CPURequest: %w", err)
	}
	cpuLim, err := quantity.CPU(r.CPULimit)
	if err != nil {
		return fmt.Errorf("CPULimit: %w", err)
	}
	memReq, err := quantity.Memory(r.MemoryRequest)
	if err != nil {
		return fmt.Errorf("MemoryRequest: %w", err)
	}
	memLim, err := quantity.Memory(r.MemoryLimit)
	if err != nil {
		return fmt.Errorf("MemoryLimit: %w", err)
	}
	if cpuLim < cpuReq {
		return fmt.Errorf("CPULimit %s must be at least CPURequest %s", r.CPULimit, r.CPURequest)
	}
	if memLim < memReq {
		return fmt.Errorf("MemoryLimit %s must be at least MemoryRequest %s", r.MemoryLimit, r.MemoryRequest)
	}
	return checkEphemeralStorage(r)
}

// imageDigest is an OCI content digest as registries print it.
var imageDigest = regexp.MustCompile(`^sha256:[a-f0-9]{64}$`)

// imageTag is the OCI distribution spec's tag grammar.
var imageTag = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

// checkImage accepts "<repository>:<tag>", "<repository>@<digest>" or both, and refuses a
// reference without either and the floating "latest" tag: the same config must deploy the same
// bits every time.
func checkImage(ref string) error {
	repo, digest, hasDigest := strings.Cut(ref, "@")
	if hasDigest && !imageDigest.MatchString(digest) {
		return fmt.Errorf("%q has a malformed digest: want sha256:<64 hex digits>", ref)
	}
	tag := ""
	if i := strings.LastIndex(repo, ":"); i > strings.LastIndex(repo, "/") {
		repo, tag = repo[:i], repo[i+1:]
	}
	switch {
	case repo == "" || strings.ContainsAny(repo, " \t") || strings.HasSuffix(repo, "/"):
		return fmt.Errorf("%q has no repository", ref)
	case tag == "" && !hasDigest:
		return fmt.Errorf("%q needs a tag or a digest", ref)
	case tag != "" && !imageTag.MatchString(tag):
		return fmt.Errorf("%q has a malformed tag %q", ref, tag)
	case slices.Contains([]string{"latest"}, strings.ToLower(tag)):
		return fmt.Errorf("%q uses the floating tag %q: pin a version tag or a digest", ref, tag)
	}
	return nil
}
