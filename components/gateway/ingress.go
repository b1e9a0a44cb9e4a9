package gateway

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Listener settings of the load balancer.
const (
	// TLSPolicy negotiates TLS 1.3 and 1.2 with forward-secret AEAD ciphers only; TLS 1.0/1.1 and
	// CBC suites are refused (ELB's recommended policy for new HTTPS listeners).
	TLSPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	// targetTypeIP registers pod IPs as targets: the ALB sends straight to the pods (the VPC CNI
	// gives them VPC addresses) instead of through a NodePort and kube-proxy on every node.
	targetTypeIP = "ip"
	// ingressName is the metadata name of the gateway's Ingress in each namespace.
	ingressName = "api-gateway"
)

// Target health checks. The timing mirrors the IP services' readiness probe (components/ipservice:
// every 5 s, 2 s timeout, out after 3 failures), so the load balancer stops sending to a pod about
// when Kubernetes takes it out of the Service; 5 s, 2 s and a healthy threshold of 2 are also ALB's
// smallest values.
const (
	healthCheckIntervalSeconds = 5
	healthCheckTimeoutSeconds  = 2
	healthyThresholdCount      = 2
	unhealthyThresholdCount    = 3
	// healthCheckSuccessCodes: a Kubernetes HTTP probe passes on any status from 200 to 399; the
	// ALB gets the same rule, or a pod answering 204 would be ready to one and unhealthy to the other.
	healthCheckSuccessCodes = "200-399"
)

// ingressInputs are the resource outputs every Ingress annotates the load balancer with.
type ingressInputs struct {
	certificateArn pulumi.StringInput
	webACLArn      pulumi.StringInput
	logBucket      pulumi.StringInput
}

// backendGroup is the routes whose Services live in one namespace: they share one Ingress.
type backendGroup struct {
	Namespace string
	Routes    []Route
}

// groupByNamespace splits the routes into one group per namespace, namespaces sorted, routes in
// their given order, so the Ingresses and their rules are stable from one preview to the next.
func groupByNamespace(routes []Route) []backendGroup {
	var groups []backendGroup
	for _, r := range routes {
		i := slices.IndexFunc(groups, func(g backendGroup) bool { return g.Namespace == r.Namespace })
		if i < 0 {
			groups = append(groups, backendGroup{Namespace: r.Namespace})
			i = len(groups) - 1
		}
		groups[i].Routes = append(groups[i].Routes, r)
	}
	slices.SortFunc(groups, func(x, y backendGroup) int { return strings.Compare(x.Namespace, y.Namespace) })
	return groups
}

// loadBalancerAnnotations are the annotations that configure the shared ALB. Every Ingress of the
// group carries the same set: the controller merges a group's Ingresses into one load balancer
// and refuses conflicting load balancer settings.
func loadBalancerAnnotations(group, certificateArn, webACLArn, logBucket string) map[string]string {
	return map[string]string{
		"alb.ingress.kubernetes.io/group.name":      group,
		"alb.ingress.kubernetes.io/scheme":          "internet-facing",
		"alb.ingress.kubernetes.io/target-type":     targetTypeIP,
		"alb.ingress.kubernetes.io/listen-ports":    `[{"HTTP":80},{"HTTPS":443}]`,
		"alb.ingress.kubernetes.io/ssl-redirect":    "443",
		"alb.ingress.kubernetes.io/certificate-arn": certificateArn,
		"alb.ingress.kubernetes.io/ssl-policy":      TLSPolicy,
		"alb.ingress.kubernetes.io/wafv2-acl-arn":   webACLArn,
		// Access logs to the gateway's bucket; headers with invalid characters are dropped rather
		// than forwarded to the services (request smuggling defence).
		"alb.ingress.kubernetes.io/load-balancer-attributes": strings.Join([]string{
			"access_logs.s3.enabled=true",
			"access_logs.s3.bucket=" + logBucket,
			"access_logs.s3.prefix=" + accessLogPrefix,
			"routing.http.drop_invalid_header_fields.enabled=true",
		}, ","),
	}
}

// healthCheckAnnotations configure the health checks of the target groups one Ingress creates.
// They are target-group settings (the controller's MergeBehavior "N/A"): unlike the load balancer
// annotations they may differ between the Ingresses of a group, and each applies to its own
// Ingress's paths only. The port is a number, not a port name: with ip targets the controller
// takes a number as the pod port as it stands, but refuses a port name when the Service's
// targetPort is itself a name (as the IP services' are). It opens the health check port, besides
// the traffic port, to the load balancer on the pods' security group.
func healthCheckAnnotations(r Route) map[string]string {
	return map[string]string{
		"alb.ingress.kubernetes.io/healthcheck-protocol":         "HTTP",
		"alb.ingress.kubernetes.io/healthcheck-port":             strconv.Itoa(r.HealthCheckPort),
		"alb.ingress.kubernetes.io/healthcheck-path":             r.HealthCheckPath,
		"alb.ingress.kubernetes.io/success-codes":                healthCheckSuccessCodes,
		"alb.ingress.kubernetes.io/healthcheck-interval-seconds": strconv.Itoa(healthCheckIntervalSeconds),
		"alb.ingress.kubernetes.io/healthcheck-timeout-seconds":  strconv.Itoa(healthCheckTimeoutSeconds),
		"alb.ingress.kubernetes.io/healthy-threshold-count":      strconv.Itoa(healthyThresholdCount),
		"alb.ingress.kubernetes.io/unhealthy-threshold-count":    strconv.Itoa(unhealthyThresholdCount),
	}
}

// ingressAnnotations are one Ingress's annotations: the group's load balancer settings and the
// health check of its own routes (validation guarantees a namespace's routes share one).
func ingressAnnotations(loadBalancer map[string]string, group backendGroup) map[string]string {
	out := maps.Clone(loadBalancer)
	maps.Copy(out, healthCheckAnnotations(group.Routes[0]))
	return out
}

// newIngresses creates one Ingress per backend namespace, all in the same IngressGroup, and
// returns the ALB's host name as the controller reports it.
//
// Why several Ingresses for one load balancer: an Ingress can only send traffic to Services in
// its own namespace, and each service runs in a namespace of its own. The controller's
// IngressGroup (alb.ingress.kubernetes.io/group.name) merges every Ingress naming the same group
// into a single ALB with one set of listeners, so the services still share one address, one
// certificate and one WAF ACL.
func newIngresses(ctx *pulumi.Context, name string, a GatewayArgs, in ingressInputs, opts ...pulumi.ResourceOption) (pulumi.StringOutput, error) {
	loadBalancer := pulumi.All(in.certificateArn, in.webACLArn, in.logBucket).ApplyT(func(v []any) map[string]string {
		return loadBalancerAnnotations(name, v[0].(string), v[1].(string), v[2].(string))
	}).(pulumi.StringMapOutput)

	var first *networkingv1.Ingress
	for _, group := range groupByNamespace(a.Routes) {
		annotations := loadBalancer.ApplyT(func(lb map[string]string) map[string]string {
			return ingressAnnotations(lb, group)
		}).(pulumi.StringMapOutput)
		ing, err := networkingv1.NewIngress(ctx, name+"-"+group.Namespace, &networkingv1.IngressArgs{
			Metadata: &metav1.ObjectMetaArgs{
				Name:        pulumi.String(ingressName),
				Namespace:   pulumi.String(group.Namespace),
				Annotations: annotations,
				Labels:      pulumi.StringMap{"app.kubernetes.io/part-of": pulumi.String("api-gateway")},
			},
			Spec: &networkingv1.IngressSpecArgs{
				IngressClassName: pulumi.String(IngressClass),
				// Only the API's host name is routed; other Host headers get the listener's 404.
				Rules: networkingv1.IngressRuleArray{
					&networkingv1.IngressRuleArgs{
						Host: pulumi.String(a.Domain),
						Http: &networkingv1.HTTPIngressRuleValueArgs{Paths: ingressPaths(group.Routes)},
					},
				},
			},
		}, opts...)
		if err != nil {
			return pulumi.StringOutput{}, fmt.Errorf("ingress %s: %w", group.Namespace, err)
		}
		if first == nil {
			first = ing
		}
	}
	// Every Ingress of the group reports the same load balancer.
	hostname := first.Status.LoadBalancer().Ingress().Index(pulumi.Int(0)).Hostname().Elem()
	return hostname, nil
}

// ingressPaths maps routes to Ingress paths. Prefix matching sends /trademark and /trademark/...
// (but not /trademarks) to the trademark service.
func ingressPaths(routes []Route) networkingv1.HTTPIngressPathArray {
	paths := networkingv1.HTTPIngressPathArray{}
	for _, r := range routes {
		paths = append(paths, &networkingv1.HTTPIngressPathArgs{
			Path:     pulumi.String(r.Path),
			PathType: pulumi.String("Prefix"),
			Backend: &networkingv1.IngressBackendArgs{
				Service: &networkingv1.IngressServiceBackendArgs{
					Name: pulumi.String(r.ServiceName),
					Port: &networkingv1.ServiceBackendPortArgs{Number: pulumi.Int(r.Port)},
				},
			},
		})
	}
	return paths
}
