package gateway

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

var (
	// regionPattern matches AWS region names such as us-east-1 or ap-southeast-3.
	regionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
	// domainPattern is a lower-case DNS name of at least two labels, each 1-63 characters of
	// letters, digits and inner dashes.
	domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// zoneIDPattern matches Route 53 hosted zone IDs ("Z" and upper-case letters and digits).
	zoneIDPattern = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
	// pathPattern is an absolute URL path prefix without a trailing slash, or "/" alone (every
	// path: one backend that routes further itself, such as the mesh's ingress gateway).
	pathPattern = regexp.MustCompile(`^((/[A-Za-z0-9._~-]+)+|/)$`)
	// healthPathPattern is an absolute URL path the load balancer can request.
	healthPathPattern = regexp.MustCompile(`^/[A-Za-z0-9._~/-]*$`)
	// dnsLabel is a Kubernetes namespace or Service name (RFC 1123 label).
	dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$`)
)

// Limits and defaults.
const (
	// WAF rate-based rules accept limits from 10 to 2,000,000,000 requests per evaluation window
	// (AWS WAF API reference, RateBasedStatement.Limit).
	MinRateLimit = 10
	MaxRateLimit = 2_000_000_000

	defaultRateLimit          = 2000
	defaultAccessLogRetention = 90
	defaultControllerReplicas = 2
	maxControllerReplicas     = 3
	maxDomainLength           = 253
	// maxHealthCheckPathLength is ALB's limit on a target group's health check path.
	maxHealthCheckPathLength = 1024
)

// withDefaults validates args and returns a copy with the defaults filled in.
func withDefaults(name string, args *GatewayArgs) (GatewayArgs, error) {
	if args == nil {
		return GatewayArgs{}, fmt.Errorf("gateway %s: args are required", name)
	}
	a := *args
	a.Routes = slices.Clone(args.Routes)
	for i := range a.Routes {
		if a.Routes[i].HealthCheckPort == 0 {
			a.Routes[i].HealthCheckPort = a.Routes[i].Port
		}
	}
	a.Backends = slices.Clone(args.Backends)
	a.Tags = maps.Clone(args.Tags)
	if a.ControllerReplicas == 0 {
		a.ControllerReplicas = defaultControllerReplicas
	}
	if err := validate(&a); err != nil {
		return GatewayArgs{}, fmt.Errorf("gateway %s: %w", name, err)
	}
	return a, nil
}

func validate(a *GatewayArgs) error {
	switch {
	case a.ClusterName == nil:
		return fmt.Errorf("ClusterName is required")
	case a.VpcID == nil:
		return fmt.Errorf("VpcID is required")
	case a.CertificateArn == nil:
		return fmt.Errorf("CertificateArn is required (the listener's certificate, Edge.CertificateArn)")
	case a.WebAclArn == nil:
		return fmt.Errorf("WebAclArn is required (the load balancer's WAF web ACL, Edge.WebAclArn)")
	case a.AccessLogBucket == nil:
		return fmt.Errorf("AccessLogBucket is required (the access-log bucket, Edge.AccessLogBucket)")
	case !regionPattern.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name (e.g. us-east-1)", a.Region)
	case !validDomain(a.Domain):
		return fmt.Errorf("Domain %q is not a lower-case DNS name such as api.example.com", a.Domain)
	case a.ControllerReplicas < 1 || a.ControllerReplicas > maxControllerReplicas:
		return fmt.Errorf("ControllerReplicas (%d) must be from 1 to %d", a.ControllerReplicas, maxControllerReplicas)
	}
	return validateRoutes(a.Routes)
}

// edgeWithDefaults validates the edge's args and returns a copy with the defaults filled in.
func edgeWithDefaults(name string, args *EdgeArgs) (EdgeArgs, error) {
	if args == nil {
		return EdgeArgs{}, fmt.Errorf("gateway edge %s: args are required", name)
	}
	a := *args
	if a.RateLimitPerFiveMinutes == 0 {
		a.RateLimitPerFiveMinutes = defaultRateLimit
	}
	if a.AccessLogRetentionDays == 0 {
		a.AccessLogRetentionDays = defaultAccessLogRetention
	}
	if err := validateEdge(&a); err != nil {
		return EdgeArgs{}, fmt.Errorf("gateway edge %s: %w", name, err)
	}
	return a, nil
}

func validateEdge(a *EdgeArgs) error {
	switch {
	case a.AccountID == nil:
		return fmt.Errorf("AccountID is required")
	case a.ClusterName == nil:
		return fmt.Errorf("ClusterName is required")
	case a.PodIdentityAgent == nil:
		return fmt.Errorf("PodIdentityAgent is required (cluster.Cluster.PodIdentityAgent)")
	case !regionPattern.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name (e.g. us-east-1)", a.Region)
	case !validDomain(a.Domain):
		return fmt.Errorf("Domain %q is not a lower-case DNS name such as api.example.com", a.Domain)
	case !zoneIDPattern.MatchString(a.HostedZoneID):
		return fmt.Errorf("HostedZoneID %q is not a Route 53 hosted zone ID (Z followed by upper-case letters and digits)", a.HostedZoneID)
	case a.RateLimitPerFiveMinutes < MinRateLimit || a.RateLimitPerFiveMinutes > MaxRateLimit:
		return fmt.Errorf("RateLimitPerFiveMinutes (%d) must be from %d to %d (AWS WAF limits)", a.RateLimitPerFiveMinutes, MinRateLimit, MaxRateLimit)
	case a.AccessLogRetentionDays < 1:
		return fmt.Errorf("AccessLogRetentionDays (%d) must be at least 1", a.AccessLogRetentionDays)
	}
	return nil
}

func validateRecord(a *APIRecordArgs) error {
	switch {
	case !validDomain(a.Domain):
		return fmt.Errorf("Domain %q is not a lower-case DNS name such as api.example.com", a.Domain)
	case !zoneIDPattern.MatchString(a.HostedZoneID):
		return fmt.Errorf("HostedZoneID %q is not a Route 53 hosted zone ID (Z followed by upper-case letters and digits)", a.HostedZoneID)
	case a.LoadBalancerHostname == nil:
		return fmt.Errorf("LoadBalancerHostname is required (Gateway.LoadBalancerHostname)")
	}
	return nil
}

func validDomain(d string) bool {
	return len(d) <= maxDomainLength && domainPattern.MatchString(d)
}

func validateRoutes(routes []Route) error {
	if len(routes) == 0 {
		return fmt.Errorf("Routes must list at least one backend")
	}
	for i, r := range routes {
		switch {
		case !pathPattern.MatchString(r.Path):
			return fmt.Errorf("Routes[%d].Path %q must be an absolute path prefix such as /trademark, without a trailing slash, or / for every path", i, r.Path)
		case !dnsLabel.MatchString(r.Namespace):
			return fmt.Errorf("Routes[%d].Namespace %q is not a Kubernetes namespace name", i, r.Namespace)
		case !dnsLabel.MatchString(r.ServiceName):
			return fmt.Errorf("Routes[%d].ServiceName %q is not a Kubernetes Service name", i, r.ServiceName)
		case r.Port < 1 || r.Port > 65535:
			return fmt.Errorf("Routes[%d].Port (%d) must be from 1 to 65535", i, r.Port)
		case len(r.HealthCheckPath) > maxHealthCheckPathLength || !healthPathPattern.MatchString(r.HealthCheckPath):
			return fmt.Errorf("Routes[%d].HealthCheckPath %q must be an absolute path such as /health/ready (the service's readiness endpoint)", i, r.HealthCheckPath)
		case r.HealthCheckPort < 1 || r.HealthCheckPort > 65535:
			return fmt.Errorf("Routes[%d].HealthCheckPort (%d) must be from 1 to 65535", i, r.HealthCheckPort)
		}
		// Prefix matching: a path nested in another would be shadowed or shadow it, depending on
		// the ALB's rule order.
		for j, o := range routes[:i] {
			if r.Path == o.Path || r.Path == "/" || o.Path == "/" || strings.HasPrefix(r.Path, o.Path+"/") || strings.HasPrefix(o.Path, r.Path+"/") {
				return fmt.Errorf("Routes[%d].Path %q overlaps Routes[%d].Path %q; each path prefix must route to one backend", i, r.Path, j, o.Path)
			}
			// The health check is set per Ingress, and a namespace's routes share one Ingress.
			if r.Namespace == o.Namespace && (r.HealthCheckPath != o.HealthCheckPath || r.HealthCheckPort != o.HealthCheckPort) {
				return fmt.Errorf("Routes[%d] health check %s on port %d differs from Routes[%d]'s (%s on port %d) in namespace %s; routes of one namespace share one Ingress and so one health check",
					i, r.HealthCheckPath, r.HealthCheckPort, j, o.HealthCheckPath, o.HealthCheckPort, r.Namespace)
			}
		}
	}
	return nil
}
