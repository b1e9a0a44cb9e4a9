// Package gateway builds the platform's API gateway (the spec's "API Gateway" in front of the
// Trademark, Copyright and Recommendation services): an internet-facing Application Load Balancer,
// driven by the AWS Load Balancer Controller from Kubernetes Ingresses.
//
// It is three components, so the Kubernetes side runs against any cluster given the AWS values:
//
//   - NewEdge (ip-platform:gateway:Edge), AWS: an ACM certificate for the API's domain,
//     DNS-validated in the given Route 53 zone; a WAFv2 web ACL (rate limit per client IP, AWS
//     managed common rule set); a private, SSE-S3 encrypted, TLS-only S3 bucket for the ALB's
//     access logs, expiring them; the controller's Pod Identity role holding its published IAM policy
//     (policy.go).
//   - NewGateway (ip-platform:gateway:Gateway), Kubernetes: the AWS Load Balancer Controller
//     (Helm through internal/charts, chart pinned in chart.go) assuming the edge's role, the "alb"
//     IngressClass, and one Ingress per backend namespace, merged into one ALB by an IngressGroup:
//     HTTPS on 443 with the edge's certificate and ELBSecurityPolicy-TLS13-1-2-2021-06, HTTP on 80
//     redirecting to HTTPS, the edge's web ACL, access logs to the edge's bucket, pod IPs as
//     targets, one path-prefix rule per route, and each route's health check (the service's
//     readiness endpoint) set on its Ingress's target groups.
//   - NewAPIRecord (ip-platform:gateway:APIRecord), AWS, after the gateway: a CNAME from the
//     domain to the load balancer the controller reports on the Ingresses.
//
// The load balancer, its listeners, target groups and security groups are created by the
// controller, not by Pulumi: they follow the Ingresses. Pass the AWS provider to NewEdge and
// NewAPIRecord and the Kubernetes provider to NewGateway; children inherit them.
package gateway
