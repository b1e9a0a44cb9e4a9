package gateway

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/charts"
)

// Route sends requests whose path starts with Path to a Service.
type Route struct {
	// Path is the URL path prefix, e.g. "/trademark". Required: starts with "/", no trailing "/"; "/"
	// alone sends every path to this one backend (a gateway that routes further itself).
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

// GatewayArgs describes the Kubernetes side of the platform's public entry point. It creates
// Kubernetes objects only: the AWS resources it names (certificate, web ACL, log bucket, the
// controller's role) are given as values, the outputs of NewEdge on EKS or any values where the
// gateway runs elsewhere.
type GatewayArgs struct {
	// ClusterName is the EKS cluster's name, for the controller. Required.
	ClusterName pulumi.StringInput
	// Region is the AWS region the controller manages load balancers in, e.g. "us-east-1". Required.
	Region string
	// VpcID is the cluster's VPC. Required.
	VpcID pulumi.StringInput

	// CertificateArn is the issued ACM certificate the HTTPS listener serves (Edge.CertificateArn).
	// Required.
	CertificateArn pulumi.StringInput
	// WebAclArn is the regional WAF web ACL the load balancer is associated with (Edge.WebAclArn).
	// Required.
	WebAclArn pulumi.StringInput
	// AccessLogBucket is the S3 bucket the load balancer writes its access logs to, ready to
	// receive them (Edge.AccessLogBucket). Required.
	AccessLogBucket pulumi.StringInput

	// Domain is the public host name of the API, e.g. "api.ip-platform.example.com": the only
	// host the Ingresses route. Required, lower case.
	Domain string
	// Routes are the backends, by path prefix. Required, at least one, paths unique.
	Routes []Route
	// Backends are resources the Ingresses wait for: the components that create the routed
	// namespaces and Services (an Ingress is only ready once its Services exist). Optional.
	Backends []pulumi.Resource

	// ControllerReplicas is the number of controller pods (one leader, the rest standbys that
	// also serve its webhooks), 1 to 3. Defaults to 2.
	ControllerReplicas int
	// Tags go on the AWS resources the controller creates (load balancer, target groups, security
	// groups), which the provider's default tags do not reach. Optional.
	Tags map[string]string
	// Charts installs the controller's Helm release. Optional: nil installs with Helm
	// (charts.Helm); charts.Skip stands in for it where charts cannot be fetched.
	Charts charts.Installer
}

// Gateway is the Kubernetes side of the platform's API gateway: the AWS Load Balancer Controller,
// its IngressClass and the Ingresses from which it builds an internet-facing ALB with TLS and WAF,
// routing by path to the services.
type Gateway struct {
	pulumi.ResourceState

	// URL is the public base URL of the API, "https://<Domain>".
	URL pulumi.StringOutput
	// LoadBalancerHostname is the ALB's DNS name, as the controller reports it on the Ingress.
	LoadBalancerHostname pulumi.StringOutput
	// Controller is the controller's release (or its stand-in): whatever needs the controller's
	// webhooks or CRDs depends on it.
	Controller pulumi.Resource
}

// NewGateway installs the load balancer controller and creates the IngressClass and the
// Ingresses. opts must carry the Kubernetes provider; the gateway creates nothing in AWS itself
// (the controller does, at run time).
func NewGateway(ctx *pulumi.Context, name string, args *GatewayArgs, opts ...pulumi.ResourceOption) (*Gateway, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	g := &Gateway{}
	err = ctx.RegisterComponentResourceV2("ip-platform:gateway:Gateway", name, pulumi.Map{
		"domain":       pulumi.String(a.Domain),
		"routes":       pulumi.ToStringArray(routePaths(a.Routes)),
		"chartVersion": pulumi.String(ChartVersion),
	}, g, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(g)

	controller, err := newController(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", name, err)
	}
	class, err := newIngressClass(ctx, name, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", name, err)
	}

	// The controller's webhooks must answer before an Ingress can be admitted. (The log bucket's
	// policy, which ALB checks when access logging is switched on, is carried by AccessLogBucket:
	// Edge's output resolves once the policy is in place.)
	waitFor := append([]pulumi.Resource{controller, class}, a.Backends...)
	hostname, err := newIngresses(ctx, name, a, ingressInputs{
		certificateArn: a.CertificateArn,
		webACLArn:      a.WebAclArn,
		logBucket:      a.AccessLogBucket,
	}, parent, pulumi.DependsOn(waitFor))
	if err != nil {
		return nil, fmt.Errorf("gateway %s: %w", name, err)
	}

	g.URL = pulumi.String("https://" + a.Domain).ToStringOutput()
	g.LoadBalancerHostname = hostname
	g.Controller = controller
	return g, ctx.RegisterResourceOutputs(g, pulumi.Map{
		"url":                  g.URL,
		"loadBalancerHostname": g.LoadBalancerHostname,
	})
}

func routePaths(routes []Route) []string {
	out := make([]string, len(routes))
	for i, r := range routes {
		out[i] = r.Path
	}
	return out
}
