package config

import (
	"regexp"
)

// Gateway holds the settings of the public API entry point (components/gateway).
type Gateway struct {
	// Domain is the API's public host name, e.g. api.prod.ip-platform.example.com.
	Domain string
	// HostedZoneID is the Route 53 public hosted zone holding Domain.
	HostedZoneID string
	// RateLimitPerFiveMinutes is the WAF rate limit per client IP.
	RateLimitPerFiveMinutes int
	// AccessLogRetentionDays is how long ALB access logs stay in S3.
	AccessLogRetentionDays int
}

// AWS WAF rate-based rules accept limits from 10 to 2,000,000,000 requests per window (API
// reference, RateBasedStatement.Limit).
const (
	minWafRateLimit = 10
	maxWafRateLimit = 2_000_000_000
	maxDomainLength = 253
)

var (
	// domainPattern is a lower-case DNS name of at least two labels.
	domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$`)
	// zoneIDPattern is a Route 53 hosted zone ID.
	zoneIDPattern = regexp.MustCompile(`^Z[A-Z0-9]{1,31}$`)
)

// gatewayProfile returns the environment's gateway defaults. Domain and zone have none: they name
// real DNS the stack must own.
//
// Rate limits are per client IP over five minutes: prod allows ~7 requests a second sustained
// from one address, enough for an integration partner and far below a flood; staging is higher
// because load tests come from a handful of addresses; dev is low, nobody should hammer it.
// Access logs are kept as long as the other logs of the environment (flow logs, control plane).
func gatewayProfile(env Environment) Gateway {
	switch env {
	case Prod:
		return Gateway{RateLimitPerFiveMinutes: 2000, AccessLogRetentionDays: 365}
	case Staging:
		return Gateway{RateLimitPerFiveMinutes: 10000, AccessLogRetentionDays: 30}
	default:
		return Gateway{RateLimitPerFiveMinutes: 1000, AccessLogRetentionDays: 7}
	}
}

// parseGatewayLayer reads the gateway and the container registry settings.
func parseGatewayLayer(p *problems, values map[string]string, cfg *Config) {
	cfg.Gateway = parseGateway(p, values, gatewayProfile(cfg.Environment))
	cfg.Registry = parseRegistry(p, values, registryProfile(cfg.Environment))
}

func parseGateway(p *problems, values map[string]string, defaults Gateway) Gateway {
	g := defaults
	if o := structured(p, values, "gateway"); o != nil {
		o.string("domain", &g.Domain)
		o.string("hostedZoneId", &g.HostedZoneID)
		o.int("rateLimitPerFiveMinutes", &g.RateLimitPerFiveMinutes)
		o.int("accessLogRetentionDays", &g.AccessLogRetentionDays)
		o.done()
	}
	return g
}

// validateGatewayLayer checks the gateway and the container registry settings.
func validateGatewayLayer(p *problems, c *Config) {
	validateGateway(p, c.Gateway)
	validateRegistry(p, c.Registry)
}

func validateGateway(p *problems, g Gateway) {
	switch {
	case g.Domain == "":
		p.add(key("gateway.domain"), "is required: the API's public DNS name, such as api.prod.ip-platform.example.com")
	case len(g.Domain) > maxDomainLength || !domainPattern.MatchString(g.Domain):
		p.add(key("gateway.domain"), "must be a lower-case DNS name such as api.prod.ip-platform.example.com, got %q", g.Domain)
	}
	switch {
	case g.HostedZoneID == "":
		p.add(key("gateway.hostedZoneId"), "is required: the Route 53 hosted zone holding the domain, such as Z0123456789ABCDEFGHIJ")
	case !zoneIDPattern.MatchString(g.HostedZoneID):
		p.add(key("gateway.hostedZoneId"), "must be a Route 53 hosted zone ID (Z followed by upper-case letters and digits), got %q", g.HostedZoneID)
	}
	if g.RateLimitPerFiveMinutes < minWafRateLimit || g.RateLimitPerFiveMinutes > maxWafRateLimit {
		p.add(key("gateway.rateLimitPerFiveMinutes"), "must be from %d to %d (AWS WAF rate-based rule limits), got %d", minWafRateLimit, maxWafRateLimit, g.RateLimitPerFiveMinutes)
	}
	if g.AccessLogRetentionDays < 1 {
		p.add(key("gateway.accessLogRetentionDays"), "must be at least 1 day, got %d", g.AccessLogRetentionDays)
	}
}

// gatewayLayerKeys are the keys of the API gateway and the container registry.
func gatewayLayerKeys() []Key {
	return []Key{
		{Name: "gateway", Type: "object", Default: "required (domain, hostedZoneId)",
			Description: "Public API entry point: ALB with TLS, WAF and access logs (fields below)."},
		{Name: "gateway.domain", Type: "string", Default: "required",
			Description: "Public DNS name of the API, e.g. api.prod.ip-platform.example.com: lower case, below the hosted zone's apex (it gets a CNAME to the ALB)."},
		{Name: "gateway.hostedZoneId", Type: "string", Default: "required",
			Description: "Route 53 public hosted zone holding domain, e.g. Z0123456789ABCDEFGHIJ: the certificate's DNS validation record and the API's CNAME are written there."},
		{Name: "gateway.rateLimitPerFiveMinutes", Type: "integer", Default: "dev: 1000; staging: 10000; prod: 2000",
			Description: "Requests one client IP may send in five minutes before the WAF blocks it, 10 to 2000000000."},
		{Name: "gateway.accessLogRetentionDays", Type: "integer", Default: "dev: 7; staging: 30; prod: 365",
			Description: "Days the ALB access logs are kept in S3, at least 1."},
		{Name: "registry", Type: "object", ProjectDefault: map[string]any{}, Default: "environment profile",
			Description: "ECR repositories of the service images, one set per stack (fields below)."},
		{Name: "registry.keepTaggedImages", Type: "integer", Default: "dev: 20; staging: 30; prod: 100",
			Description: "Tagged images each repository keeps, newest first (older ones expire), 1 to 10000."},
		{Name: "registry.untaggedExpiryDays", Type: "integer", Default: "dev: 1; staging, prod: 7",
			Description: "Days an untagged image survives after its push, 1 to 365."},
	}
}
