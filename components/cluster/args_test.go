package cluster

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

func TestInvalidArgsAreRejectedBeforeAnythingIsCreated(t *testing.T) {
	public := func(cidrs ...string) func(*ClusterArgs) {
		return func(a *ClusterArgs) { a.EndpointPublicAccess, a.PublicAccessCidrs = true, cidrs }
	}
	cases := []struct {
		desc     string
		edit     func(*ClusterArgs)
		field    string
		fragment string
	}{
		{"no cluster name", func(a *ClusterArgs) { a.ClusterName = "" }, "ClusterName", "required"},
		{"cluster name with a dot", func(a *ClusterArgs) { a.ClusterName = "ip.platform" }, "ClusterName", "letters, digits"},
		{"cluster name too long", func(a *ClusterArgs) { a.ClusterName = strings.Repeat("a", 101) }, "ClusterName", "1-100"},
		{"no version", func(a *ClusterArgs) { a.Version = "" }, "Version", "required"},
		{"patch version", func(a *ClusterArgs) { a.Version = "1.33.1" }, "Version", "minor version"},
		{"v-prefixed version", func(a *ClusterArgs) { a.Version = "v1.33" }, "Version", "minor version"},
		{"no region", func(a *ClusterArgs) { a.Region = "" }, "Region", "required"},
		{"availability zone as region", func(a *ClusterArgs) { a.Region = "eu-west-1a" }, "Region", "region name"},
		{"no subnets", func(a *ClusterArgs) { a.SubnetIDs = nil }, "SubnetIDs", "required"},
		{"public endpoint without CIDRs", public(), "PublicAccessCidrs", "required"},
		{"public endpoint open to the internet", public("203.0.113.0/24", "0.0.0.0/0"), "PublicAccessCidrs", "whole internet"},
		{"public endpoint open to the IPv6 internet", public("::/0"), "PublicAccessCidrs", "whole internet"},
		{"CIDR that does not parse", public("203.0.113.0"), "PublicAccessCidrs", "not a CIDR"},
		{"CIDR with host bits", public("203.0.113.7/24"), "PublicAccessCidrs", "203.0.113.0/24"},
		{"too many CIDRs", public(manyCidrs(41)...), "PublicAccessCidrs", "at most 40"},
		{"CIDRs with a private endpoint", func(a *ClusterArgs) { a.PublicAccessCidrs = []string{"203.0.113.0/24"} }, "PublicAccessCidrs", "EndpointPublicAccess is false"},
		{"retention CloudWatch rejects", func(a *ClusterArgs) { a.LogRetentionDays = 45 }, "LogRetentionDays", "45"},
		{"negative retention", func(a *ClusterArgs) { a.LogRetentionDays = -1 }, "LogRetentionDays", "-1"},
		{"admin as an assumed-role session", func(a *ClusterArgs) {
			a.AdminRoleArn = "arn:aws:sts::123456789012:assumed-role/deployer/ci"
		}, "AdminRoleArn", "IAM role ARN"},
		{"pin for an unknown add-on", func(a *ClusterArgs) { a.AddonVersions = map[string]string{"vpc_cni": "v1.19.5-eksbuild.3"} }, "AddonVersions", `"vpc_cni"`},
		{"pin that is not an EKS version", func(a *ClusterArgs) { a.AddonVersions = map[string]string{"kube-proxy": "1.33"} }, `AddonVersions["kube-proxy"]`, "eksbuild"},
		{"support type in lower case", func(a *ClusterArgs) { a.SupportType = "extended" }, "SupportType", `"extended" must be STANDARD or EXTENDED`},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := validArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{Region: testRegion}, func(ctx *pulumi.Context) error {
				_, err := NewCluster(ctx, "prod", args)
				return err
			})
			require.Error(t, err, "the args should be rejected")
			assert.Contains(t, err.Error(), tc.field, "the error should name the field")
			assert.Contains(t, err.Error(), tc.fragment)
			assert.Contains(t, err.Error(), "cluster prod:", "the error should name the component")
			assert.Empty(t, m.Resources(), "nothing may be registered before the args are valid")
		})
	}
}

func TestNilArgsAreRejected(t *testing.T) {
	_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
		_, err := NewCluster(ctx, "prod", nil)
		return err
	})
	assert.ErrorContains(t, err, "args are required")
}

func TestEveryCloudWatchRetentionIsAccepted(t *testing.T) {
	for _, days := range []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653} {
		args := validArgs()
		args.LogRetentionDays = days
		_, err := args.withDefaults("prod")
		assert.NoError(t, err, "CloudWatch accepts a retention of %d days", days)
	}
}

func TestDefaultsAreFilledOnACopy(t *testing.T) {
	args := validArgs()
	args.AddonVersions = map[string]string{"coredns": "v1.11.4-eksbuild.2"}
	got, err := args.withDefaults("prod")
	require.NoError(t, err)

	assert.Equal(t, DefaultLogRetentionDays, got.LogRetentionDays)
	assert.Zero(t, args.LogRetentionDays, "the caller's args must not change")
	got.AddonVersions["coredns"] = "changed"
	assert.Equal(t, "v1.11.4-eksbuild.2", args.AddonVersions["coredns"], "the copy must not share the caller's map")
}

func manyCidrs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("10.%d.0.0/16", i)
	}
	return out
}
