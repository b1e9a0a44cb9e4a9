package podidentity

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	testProviderArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
	testIssuer      = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
	testIssuerHost  = "oidc.eks.eu-west-1.amazonaws.com/id/ABC123"
)

func ebsArgs() *TokenRoleArgs {
	return &TokenRoleArgs{
		OidcProviderArn: pulumi.String(testProviderArn),
		OidcIssuerURL:   pulumi.String(testIssuer),
		Namespace:       "kube-system",
		ServiceAccount:  "ebs-csi-controller-sa",
		Grants:          Grants{ManagedPolicyArns: []string{iampolicy.ManagedPolicyArn("service-role/AmazonEBSCSIDriverPolicy")}},
	}
}

// run builds one Role under offline mocks and returns the recorded resources and the component.
func run(t *testing.T, args *TokenRoleArgs) (*offline.Mocks, *TokenRole) {
	t.Helper()
	var role *TokenRole
	m := offlinetest.Run(t, func(ctx *pulumi.Context) (err error) {
		role, err = NewTokenRole(ctx, "ebs-csi", args)
		return err
	})
	return m, role
}

// trustStatement returns the single statement of the role's trust policy.
func trustStatement(t *testing.T, m *offline.Mocks) map[string]any {
	t.Helper()
	role, ok := m.Named("aws:iam/role:Role", "ebs-csi")
	require.True(t, ok, "no IAM role ebs-csi registered")
	doc, ok := role.Input("assumeRolePolicy").(string)
	require.True(t, ok, "the role's trust policy is not a resolved string: %v", role.Input("assumeRolePolicy"))
	var policy struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(doc), &policy))
	require.Len(t, policy.Statement, 1, "the trust policy should have exactly one statement")
	return policy.Statement[0]
}

func TestTrustPolicyAdmitsOnlyTheServiceAccountWithTheSTSAudience(t *testing.T) {
	m, _ := run(t, ebsArgs())
	stmt := trustStatement(t, m)

	assert.Equal(t, map[string]any{"Federated": []any{testProviderArn}}, stmt["Principal"], "trust must name the cluster's OIDC provider")
	assert.Equal(t, []any{"sts:AssumeRoleWithWebIdentity"}, stmt["Action"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{
		testIssuerHost + ":sub": "system:serviceaccount:kube-system:ebs-csi-controller-sa",
		testIssuerHost + ":aud": "sts.amazonaws.com",
	}}, stmt["Condition"], "conditions must use the issuer without https:// and pin subject and audience")
}

func TestManagedPoliciesAreAttachedToTheRole(t *testing.T) {
	args := ebsArgs()
	args.ManagedPolicyArns = append(args.ManagedPolicyArns, "arn:aws:iam::123456789012:policy/ebs-kms-access")
	m, _ := run(t, args)

	attachments := m.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
	require.Len(t, attachments, 2, "one attachment per managed policy")
	var arns []any
	for _, a := range attachments {
		assert.Equal(t, "ebs-csi", a.Input("role"), "attachment %s targets another role", a.Name)
		arns = append(arns, a.Input("policyArn"))
	}
	assert.ElementsMatch(t, []any{
		"arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
		"arn:aws:iam::123456789012:policy/ebs-kms-access",
	}, arns)
	_, named := m.Named("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ebs-csi-AmazonEBSCSIDriverPolicy")
	assert.True(t, named, "attachments are named after the policy so reordering does not replace them")
	assert.Empty(t, m.OfType("aws:iam/rolePolicy:RolePolicy"), "no inline policy was asked for")
}

func TestInlinePolicyIsAddedWhenGiven(t *testing.T) {
	args := ebsArgs()
	args.ManagedPolicyArns = nil
	doc := iampolicy.New(iampolicy.Allow("UseKey", []string{"kms:Decrypt"}, "arn:aws:kms:eu-west-1:123456789012:key/k")).JSON()
	args.Policy = pulumi.String(doc)
	m, _ := run(t, args)

	inline, ok := m.Named("aws:iam/rolePolicy:RolePolicy", "ebs-csi-inline")
	require.True(t, ok, "inline policy not registered")
	assert.Equal(t, "ebs-csi", inline.Input("role"))
	assert.JSONEq(t, doc, inline.Input("policy").(string))
	assert.Empty(t, m.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"))
}

func TestChildrenAreParentedToTheComponent(t *testing.T) {
	args := ebsArgs()
	args.Policy = pulumi.String(iampolicy.New(iampolicy.Allow("X", []string{"ec2:DescribeVolumes"}, "*")).JSON())
	m, _ := run(t, args)

	comp, ok := m.Named("ip-platform:podidentity:TokenRole", "ebs-csi")
	require.True(t, ok, "component TokenRole not registered")
	for _, r := range m.Resources() {
		if r.Custom {
			assert.Equal(t, comp.URN, r.Parent, "%s %s is not a child of the component", r.Type, r.Name)
		}
	}
}

func TestArnWaitsForThePolicies(t *testing.T) {
	var role *TokenRole
	m, err := offline.Run(offline.Program{Region: "eu-west-1"}, func(ctx *pulumi.Context) error {
		var err error
		if role, err = NewTokenRole(ctx, "ebs-csi", ebsArgs()); err != nil {
			return err
		}
		_, err = eks.NewAddon(ctx, "consumer", &eks.AddonArgs{
			ClusterName:           pulumi.String("c"),
			AddonName:             pulumi.String("aws-ebs-csi-driver"),
			ServiceAccountRoleArn: role.Arn,
		})
		return err
	})
	require.NoError(t, err)

	attachment, ok := m.Named("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ebs-csi-AmazonEBSCSIDriverPolicy")
	require.True(t, ok)
	consumer, ok := m.Named("aws:eks/addon:Addon", "consumer")
	require.True(t, ok)
	assert.True(t, slices.Contains(consumer.DependsOn, attachment.URN),
		"a consumer of the role ARN must wait for the policy attachment; depends on %v", consumer.DependsOn)
	assert.Equal(t, "arn:aws:iam::123456789012:role/ebs-csi", consumer.Input("serviceAccountRoleArn"))

	name, err := internals.UnsafeAwaitOutput(context.Background(), role.Name)
	require.NoError(t, err)
	assert.Equal(t, "ebs-csi", name.Value)
}

func TestValidationNamesTheField(t *testing.T) {
	cases := []struct {
		desc  string
		edit  func(*TokenRoleArgs)
		field string
	}{
		{"no provider", func(a *TokenRoleArgs) { a.OidcProviderArn = nil }, "OidcProviderArn"},
		{"no issuer", func(a *TokenRoleArgs) { a.OidcIssuerURL = nil }, "OidcIssuerURL"},
		{"no namespace", func(a *TokenRoleArgs) { a.Namespace = "" }, "Namespace"},
		{"upper-case namespace", func(a *TokenRoleArgs) { a.Namespace = "Kube-System" }, "Namespace"},
		{"no service account", func(a *TokenRoleArgs) { a.ServiceAccount = "" }, "ServiceAccount"},
		{"service account with a colon", func(a *TokenRoleArgs) { a.ServiceAccount = "kube-system:ebs" }, "ServiceAccount"},
		{"policy name not ARN", func(a *TokenRoleArgs) { a.ManagedPolicyArns = []string{"AmazonEBSCSIDriverPolicy"} }, "ManagedPolicyArns"},
		{"two policies with one name", func(a *TokenRoleArgs) {
			a.ManagedPolicyArns = []string{"arn:aws:iam::aws:policy/ReadOnly", "arn:aws:iam::123456789012:policy/team/ReadOnly"}
		}, "ManagedPolicyArns"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := ebsArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewTokenRole(ctx, "ebs-csi", args)
				return err
			})
			require.Error(t, err, "args should be rejected")
			assert.Contains(t, err.Error(), tc.field, "the error should name the field")
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
	t.Run("nil args", func(t *testing.T) {
		_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
			_, err := NewTokenRole(ctx, "ebs-csi", nil)
			return err
		})
		assert.ErrorContains(t, err, "args are required")
	})
}

func TestPolicyName(t *testing.T) {
	cases := map[string]string{
		"arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy":                  "AmazonEKS_CNI_Policy",
		"arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy": "AmazonEBSCSIDriverPolicy",
		"arn:aws:iam::123456789012:policy/team/a/loki-s3":               "loki-s3",
	}
	for arn, want := range cases {
		assert.Equal(t, want, policyName(arn), arn)
	}
}
