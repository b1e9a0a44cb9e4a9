package podidentity

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Grants are what a role may do: managed policies and an optional inline policy.
type Grants struct {
	// ManagedPolicyArns are AWS managed or customer managed policy ARNs attached to the role.
	// Optional; defaults to none.
	ManagedPolicyArns []string
	// Policy is an inline policy document (JSON, built with internal/iampolicy). Optional; defaults
	// to none.
	Policy pulumi.StringInput
}

var (
	// dnsLabel is what Kubernetes accepts as a namespace name (RFC 1123 label).
	dnsLabel = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	// dnsSubdomain is what Kubernetes accepts as a service account name (RFC 1123 subdomain).
	dnsSubdomain = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	// policyArn matches AWS managed ("iam::aws:") and customer managed ("iam::<account>:") policies.
	policyArn = regexp.MustCompile(`^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/([\w+=,.@-]+/)*[\w+=,.@-]+$`)
)

// validateSubject checks the service account a role is for.
func validateSubject(namespace, serviceAccount string) error {
	if len(namespace) > 63 || !dnsLabel.MatchString(namespace) {
		return fmt.Errorf("Namespace %q is not a Kubernetes namespace name (lower-case RFC 1123 label)", namespace)
	}
	if len(serviceAccount) > 253 || !dnsSubdomain.MatchString(serviceAccount) {
		return fmt.Errorf("ServiceAccount %q is not a Kubernetes service account name (lower-case RFC 1123 subdomain)", serviceAccount)
	}
	return nil
}

// validateSubjectAndGrants checks the service account a role is for and what it may do.
func validateSubjectAndGrants(namespace, serviceAccount string, g Grants) error {
	if err := validateSubject(namespace, serviceAccount); err != nil {
		return err
	}
	return g.validate()
}

// validate rejects grants that would fail at apply. Attachments are named after the policy, so two
// ARNs ending in the same name would collide.
func (g Grants) validate() error {
	seen := map[string]string{}
	for _, arn := range g.ManagedPolicyArns {
		if !policyArn.MatchString(arn) {
			return fmt.Errorf("ManagedPolicyArns: %q is not an IAM policy ARN", arn)
		}
		if prev, dup := seen[policyName(arn)]; dup {
			return fmt.Errorf("ManagedPolicyArns: %q and %q share the policy name %q", prev, arn, policyName(arn))
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

// newRoleWithGrants creates the IAM role name with trust policy trust and g's policies. It returns
// the role's ARN resolved only once every policy is attached, so whatever consumes it starts with
// its permissions in place.
func newRoleWithGrants(ctx *pulumi.Context, name, description string, trust pulumi.StringInput, g Grants, tags pulumi.StringMapInput, parent pulumi.ResourceOption) (*iam.Role, pulumi.StringOutput, error) {
	role, err := iam.NewRole(ctx, name, &iam.RoleArgs{
		Description:      pulumi.String(description),
		AssumeRolePolicy: trust,
		Tags:             tags,
	}, parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, fmt.Errorf("role: %w", err)
	}
	var grants []pulumi.CustomResource
	for _, arn := range g.ManagedPolicyArns {
		attachment, err := iam.NewRolePolicyAttachment(ctx, name+"-"+policyName(arn), &iam.RolePolicyAttachmentArgs{
			Role:      role.Name,
			PolicyArn: pulumi.String(arn),
		}, parent)
		if err != nil {
			return nil, pulumi.StringOutput{}, fmt.Errorf("attach %s: %w", arn, err)
		}
		grants = append(grants, attachment)
	}
	if g.Policy != nil {
		inline, err := iam.NewRolePolicy(ctx, name+"-inline", &iam.RolePolicyArgs{
			Role:   role.Name,
			Policy: g.Policy,
		}, parent)
		if err != nil {
			return nil, pulumi.StringOutput{}, fmt.Errorf("inline policy: %w", err)
		}
		grants = append(grants, inline)
	}
	return role, after(role.Arn, grants), nil
}

// after returns value carrying a dependency on every resource in deps: a resource built from it
// waits for them, although it does not read anything they produce.
func after(value pulumi.StringOutput, deps []pulumi.CustomResource) pulumi.StringOutput {
	if len(deps) == 0 {
		return value
	}
	all := []any{value}
	for _, d := range deps {
		all = append(all, d.ID())
	}
	return pulumi.All(all...).ApplyT(func(v []any) string { return v[0].(string) }).(pulumi.StringOutput)
}
