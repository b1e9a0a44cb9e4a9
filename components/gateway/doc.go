// Package gateway builds the platform's API gateway (the spec's "API Gateway" in front of the
// Trademark, Copyright and Recommendation services): an internet-facing Application Load Balancer,
// driven by the AWS Load Balancer Controller from Kubernetes Ingresses.
//
// It creates:
//   - the AWS Load Balancer Controller (Helm, chart pinned in chart.go) with an IRSA role holding
//     the controller's published IAM policy (policy.go);
//   - an ACM certificate for the API's domain, DNS-validated in the given Route 53 zone, and a
//     CNAME from the domain to the load balancer;
//   - a WAFv2 web ACL (rate limit per client IP, AWS managed common rule set);
//   - a private, SSE-S3 encrypted, TLS-only S3 bucket for the ALB's access logs, expiring them;
//   - one Ingress per backend namespace, merged into one ALB by an IngressGroup: HTTPS on 443 with
//     ELBSecurityPolicy-TLS13-1-2-2021-06, HTTP on 80 redirecting to HTTPS, pod IPs as targets,
//     one path-prefix rule per route, and each route's health check (the service's readiness
//     endpoint) set on its Ingress's target groups.
//
// The load balancer, its listeners, target groups and security groups are created by the
// controller, not by Pulumi: they follow the Ingresses. Pass the AWS and Kubernetes providers in
// opts (pulumi.Providers(aws, k8s)); children inherit them.
package gateway
