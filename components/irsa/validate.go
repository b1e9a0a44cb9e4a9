package irsa

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	// dnsLabel is what Kubernetes accepts as a namespace name (RFC 1123 label).
	dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	// dnsSubdomain is what Kubernetes accepts as a service account name (RFC 1123 subdomain).
	dnsSubdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	// policyArn matches AWS managed ("iam::aws:") and customer managed ("iam::<account>:") policies.
	policyArn = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/([\w+=,.@-]+/)*[\w+=,.@-]+$`)
)

// validate rejects args that would give a role nobody can assume, or a plan that fails at apply.
func validate(name string, args *RoleArgs) error {
	if args == nil {
		return fmt.Errorf("irsa %s: args are required", name)
	}
	if args.OidcProviderArn == nil {
		return fmt.Errorf("irsa %s: OidcProviderArn is required", name)
	}
	if args.OidcIssuerURL == nil {
		return fmt.Errorf("irsa %s: OidcIssuerURL is required", name)
	}
	if len(args.Namespace) > 63 || !dnsLabel.MatchString(args.Namespace) {
		return fmt.Errorf("irsa %s: Namespace %q is not a Kubernetes namespace name (lower-case RFC 1123 label)", name, args.Namespace)
	}
	if len(args.ServiceAccount) > 253 || !dnsSubdomain.MatchString(args.ServiceAccount) {
		return fmt.Errorf("irsa %s: ServiceAccount %q is not a Kubernetes service account name (lower-case RFC 1123 subdomain)", name, args.ServiceAccount)
	}
	// Attachments are named after the policy, so two ARNs ending in the same name would collide.
	seen := map[string]string{}
	for _, arn := range args.ManagedPolicyArns {
		if !policyArn.MatchString(arn) {
			return fmt.Errorf("irsa %s: ManagedPolicyArns: %q is not an IAM policy ARN", name, arn)
		}
		if prev, dup := seen[policyName(arn)]; dup {
			return fmt.Errorf("irsa %s: ManagedPolicyArns: %q and %q share the policy name %q", name, prev, arn, policyName(arn))
		}
		seen[policyName(arn)] = arn
	}
	return nil
}

// policyName is the last segment of a policy ARN ("AmazonEBSCSIDriverPolicy" for
// "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"), which names its attachment
// so reordering the list never replaces one.
func policyName(arn string) string {
	return arn[strings.LastIndex(arn, "/")+1:]
}
