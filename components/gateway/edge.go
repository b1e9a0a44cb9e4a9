package gateway

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
)

// EdgeArgs describes the AWS side of the gateway: what the load balancer and its controller use
// in AWS, created apart so the Kubernetes side (NewGateway) runs on any cluster given these values.
type EdgeArgs struct {
	// Region is the AWS region, e.g. "us-east-1": it selects the ELB log-delivery principal. Required.
	Region string
	// AccountID is the AWS account the load balancer runs in; the log bucket accepts logs only
	// for this account's load balancers. Required.
	AccountID pulumi.StringInput
	// ClusterName is the EKS cluster whose load balancer controller gets the role, through a pod
	// identity association for its service account. Required.
	ClusterName pulumi.StringInput
	// PodIdentityAgent is the cluster's pod identity agent add-on (cluster.Cluster.PodIdentityAgent);
	// the association waits for it. Required.
	PodIdentityAgent pulumi.Resource

	// Domain is the public host name of the API, e.g. "api.ip-platform.example.com": the
	// certificate's name. Required: lower case.
	Domain string
	// HostedZoneID is the Route 53 public hosted zone that holds Domain: the certificate's
	// validation record is written there. Required.
	HostedZoneID string

	// RateLimitPerFiveMinutes is how many requests one client IP may send in any five minutes
	// before WAF blocks it, 10 to 2,000,000,000 (WAF's limits). Defaults to 2000.
	RateLimitPerFiveMinutes int
	// AccessLogRetentionDays is how long ALB access logs are kept. Defaults to 90.
	AccessLogRetentionDays int
	// ForceDestroyLogs lets `pulumi destroy` delete the log bucket with its logs. Defaults to
	// false: a destroy stops at a non-empty bucket.
	ForceDestroyLogs bool
}

// Edge is the AWS side of the API gateway: the validated certificate, the WAF web ACL, the
// access-log bucket and the load balancer controller's IAM role. Pass its outputs to NewGateway.
type Edge struct {
	pulumi.ResourceState

	// CertificateArn is the ACM certificate, resolved once ACM has issued it.
	CertificateArn pulumi.StringOutput
	// WebAclArn is the WAF web ACL to put in front of the load balancer.
	WebAclArn pulumi.StringOutput
	// AccessLogBucket is the name of the bucket for the ALB's access logs, resolved once its
	// policy lets ELB write there (ALB checks that when access logging is switched on).
	AccessLogBucket pulumi.StringOutput
	// ControllerRoleArn is the Pod Identity role of the load balancer controller's service account
	// (ServiceAccount in Namespace).
	ControllerRoleArn pulumi.StringOutput
	// ControllerIdentity is that role's pod identity association: the controller's release must
	// depend on it, so its pods start with their credentials.
	ControllerIdentity pulumi.Resource
}

// NewEdge creates the certificate, the web ACL, the access-log bucket and the controller's role.
// opts must carry the AWS provider.
func NewEdge(ctx *pulumi.Context, name string, args *EdgeArgs, opts ...pulumi.ResourceOption) (*Edge, error) {
	a, err := edgeWithDefaults(name, args)
	if err != nil {
		return nil, err
	}
	e := &Edge{}
	err = ctx.RegisterComponentResourceV2("ip-platform:gateway:Edge", name, pulumi.Map{
		"domain":                  pulumi.String(a.Domain),
		"rateLimitPerFiveMinutes": pulumi.Int(a.RateLimitPerFiveMinutes),
		"accessLogRetentionDays":  pulumi.Int(a.AccessLogRetentionDays),
	}, e, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(e)

	role, err := newControllerRole(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway edge %s: %w", name, err)
	}
	certArn, err := newCertificate(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway edge %s: %w", name, err)
	}
	acl, err := newWebACL(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway edge %s: %w", name, err)
	}
	logs, err := newAccessLogBucket(ctx, name, a, parent)
	if err != nil {
		return nil, fmt.Errorf("gateway edge %s: %w", name, err)
	}

	e.CertificateArn = certArn
	e.WebAclArn = acl.Arn
	// The bucket's name, carrying the policy as a dependency: whatever takes it (the Ingresses'
	// annotations) is created after ELB may write to the bucket.
	e.AccessLogBucket = pulumi.All(logs.bucket.Bucket, logs.policy.ID()).ApplyT(func(v []any) string {
		return v[0].(string)
	}).(pulumi.StringOutput)
	e.ControllerRoleArn, e.ControllerIdentity = role.Arn, role.Association
	return e, ctx.RegisterResourceOutputs(e, pulumi.Map{
		"certificateArn":    e.CertificateArn,
		"webAclArn":         e.WebAclArn,
		"accessLogBucket":   e.AccessLogBucket,
		"controllerRoleArn": e.ControllerRoleArn,
	})
}

// newControllerRole creates the controller's Pod Identity role, holding the controller's published
// IAM policy (policy.go), and its association with the controller's service account.
func newControllerRole(ctx *pulumi.Context, name string, a EdgeArgs, parent pulumi.ResourceOption) (*podidentity.Role, error) {
	role, err := podidentity.NewRole(ctx, name+"-controller-pod-identity", &podidentity.RoleArgs{
		ClusterName:    a.ClusterName,
		Namespace:      Namespace,
		ServiceAccount: ServiceAccount,
		Agent:          a.PodIdentityAgent,
		Grants:         podidentity.Grants{Policy: pulumi.String(controllerPolicy())},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("controller iam role: %w", err)
	}
	return role, nil
}
