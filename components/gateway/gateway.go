package gateway

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Route sends requests whose path starts with Path to a Service.
type Route struct {
	// Path is the URL path prefix, e.g. "/trademark". Required: starts with "/", no trailing "/".
	Path string
	// Namespace is the Service's namespace. Required.
	Namespace string
	// ServiceName is the Kubernetes Service receiving the requests. Required.
	ServiceName string
	// Port is the Service port carrying the API. Required, 1 to 65535.
	Port int
	// HealthCheckPath is the HTTP path the load balancer health-checks each target on, e.g.
	// "/health/ready". Required: give the service's readiness endpoint, so the load balancer and
	// Kubernetes agree on which pods may take requests (the controller's default, "/", is an API
	// path a service need not answer).
	HealthCheckPath string
	// HealthCheckPort is the pod port the health checks go to (targets are pod IPs, so this is the
	// container port itself, e.g. a separate management port). Defaults to Port. Routes of one
	// namespace share one Ingress and so must share one health check.
	HealthCheckPort int
}

// GatewayArgs describes the public entry point of the platform.
type GatewayArgs struct {
	// ClusterName is the EKS cluster's name, for the controller. Required.
	ClusterName pulumi.StringInput
	// Region is the AWS region, e.g. "us-east-1": it selects the ELB log-delivery principal. Required.
	Region string
	// AccountID is the AWS account the load balancer runs in; the log bucket accepts logs only
	// for this account's load balancers. Required.
	AccountID pulumi.StringInput
	// VpcID is the cluster's VPC. Required.
	VpcID pulumi.StringInput
	// OidcProviderArn is the ARN of the cluster's IAM OIDC provider (IRSA). Required.
	OidcProviderArn pulumi.StringInput
	// OidcIssuerURL is the cluster's OIDC issuer URL. Required.
	OidcIssuerURL pulumi.StringInput

	// Domain is the public host name of the API, e.g. "api.ip-platform.example.com". Required:
	// lower case, and below the hosted zone's apex (it gets a CNAME).
	Domain string
	// HostedZoneID is the Route 53 public hosted zone that holds Domain: the certificate's
	// validation record and the API's record are written there. Required.
	HostedZoneID string
	// Routes are the backends, by path prefix. Required, at least one, paths unique.
	Routes []Route
	// Backends are resources the Ingresses wait for: the components that create the routed
	// namespaces and Services (an Ingress is only ready once its Services exist). Optional.
	Backends []pulumi.Resource

	// RateLimitPerFiveMinutes is how many requests one client IP may send in any five minutes
	// before WAF blocks it, 10 to 2,000,000,000 (WAF's limits). Defaults to 2000.
	RateLimitPerFiveMinutes int
	// AccessLogRetentionDays is how long ALB access logs are kept. Defaults to 90.
	AccessLogRetentionDays int
	// ForceDestroyLogs lets `pulumi destroy` delete the log bucket with its logs. Defaults to
	// false: a destroy stops at a non-empty bucket.
	ForceDestroyLogs bool
	// ControllerReplicas is the number of controller pods (one leader, the rest standbys that
	// also serve its webhooks), 1 to 3. Defaults to 2.
	ControllerReplicas int
	// Tags go on the AWS resources the controller creates (load balancer, target groups, security
	// groups), which the provider's default tags do not reach. Optional.
	Tags map[string]string
}

// Gateway is the platform's API gateway: an internet-facing ALB with TLS and WAF, routing by path
// to the services, driven by the AWS Load Balancer Controller.
type Gateway struct {
	pulumi.ResourceState

	// URL is the public base URL of the API, "https://<Domain>".
	URL pulumi.StringOutput
	// LoadBalancerHostname is the ALB's DNS name, as the controller reports it on the Ingress.
	LoadBalancerHostname pulumi.StringOutput
	// CertificateArn is the validated ACM certificate the HTTPS listener serves.
	CertificateArn pulumi.StringOutput
	// WebAclArn is the WAF web ACL in front of the load balancer.
	WebAclArn pulumi.StringOutput
	// AccessLogBucket is the name of the bucket receiving the ALB's access logs.
	AccessLogBucket pulumi.StringOutput
	// ControllerRoleArn is the IAM role of the load balancer controller.
	ControllerRoleArn pulumi.StringOutput
}

// NewGateway installs the load balancer controller and creates the certificate, the WAF web ACL,
// the access-log bucket, the Ingresses and the API's DNS record.
func NewGateway(ctx *pulumi.Context, name string, args *GatewayArgs, opts ...pulumi.ResourceOption) (*Gateway, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	g := &Gateway{}
	err = ctx.RegisterComponentResourceV2("ip-platform:gateway:Gateway", name, pulumi.Map{
		"domain":                  pulumi.String(a.Domain),
		"routes":                  pulumi.ToStringArray(routePaths(a.Routes)),
		"rateLimitPerFiveMinutes": pulumi.Int(a.RateLimitPerFiveMinutes),
		"chartVersion":            pulumi.String(ChartVersion),
	}, g, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(g)

	controller, roleArn, err := newController(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", name, err)
	}
	certArn, err := newCertificate(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", name, err)
	}
	acl, err := newWebACL(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", name, err)
	}
	logs, err := newAccessLogBucket(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", name, err)
	}

	// The controller's webhooks must answer before an Ingress can be admitted, and ALB checks it
	// can write to the bucket when access logging is switched on.
	waitFor := append([]pulumi.Resource{controller, logs.policy}, a.Backends...)
	hostname, err := newIngresses(ctx, name, a, ingressInputs{
		certificateArn: certArn,
		webACLArn:      acl.Arn,
		logBucket:      logs.bucket.Bucket,
	}, parent, pulumi.DependsOn(waitFor))
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", name, err)
	}
	if err := newDNSRecord(ctx, name, a, hostname, parent); err != nil {
		return nil, fmt.Errorf("gateway %s: %w", name, err)
	}

	g.URL = pulumi.String("https://" + a.Domain).ToStringOutput()
	g.LoadBalancerHostname = hostname
	g.CertificateArn = certArn
	g.WebAclArn = acl.Arn
	g.AccessLogBucket = logs.bucket.Bucket
	g.ControllerRoleArn = roleArn
	return g, ctx.RegisterResourceOutputs(g, pulumi.Map{
		"url":                  g.URL,
		"loadBalancerHostname": g.LoadBalancerHostname,
		"certificateArn":       g.CertificateArn,
		"webAclArn":            g.WebAclArn,
		"accessLogBucket":      g.AccessLogBucket,
		"controllerRoleArn":    g.ControllerRoleArn,
	})
}

func routePaths(routes []Route) []string {
	out := make([]string, len(routes))
	for i, r := range routes {
		out[i] = r.Path
	}
	return out
}
