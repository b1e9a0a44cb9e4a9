package network

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlanSubnetsCarvesTheDocumentedLayout(t *testing.T) {
	tests := []struct {
		name     string
		cidr     string
		azs      []string
		public   []string
		private  []string
		isolated []string
	}{
		{
			name:     "/16 over three AZs: /19 private, /22 public and isolated",
			cidr:     "10.0.0.0/16",
			azs:      []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"},
			public:   []string{"10.0.192.0/22", "10.0.196.0/22", "10.0.200.0/22"},
			private:  []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"},
			isolated: []string{"10.0.224.0/22", "10.0.228.0/22", "10.0.232.0/22"},
		},
		{
			name:     "/20 over two AZs: /23 private, /26 public and isolated",
			cidr:     "10.1.16.0/20",
			azs:      []string{"eu-west-1a", "eu-west-1b"},
			public:   []string{"10.1.28.0/26", "10.1.28.64/26"},
			private:  []string{"10.1.16.0/23", "10.1.18.0/23"},
			isolated: []string{"10.1.30.0/26", "10.1.30.64/26"},
		},
		{
			name:     "/18 over one AZ",
			cidr:     "172.16.64.0/18",
			azs:      []string{"us-east-1a"},
			public:   []string{"172.16.112.0/24"},
			private:  []string{"172.16.64.0/21"},
			isolated: []string{"172.16.120.0/24"},
		},
		{
			name:     "/16 over six AZs fills the private blocks",
			cidr:     "10.0.0.0/16",
			azs:      []string{"us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f"},
			public:   []string{"10.0.192.0/22", "10.0.196.0/22", "10.0.200.0/22", "10.0.204.0/22", "10.0.208.0/22", "10.0.212.0/22"},
			private:  []string{"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19", "10.0.96.0/19", "10.0.128.0/19", "10.0.160.0/19"},
			isolated: []string{"10.0.224.0/22", "10.0.228.0/22", "10.0.232.0/22", "10.0.236.0/22", "10.0.240.0/22", "10.0.244.0/22"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plans, err := PlanSubnets(tt.cidr, tt.azs)
			require.NoError(t, err)
			require.Len(t, plans, 3*len(tt.azs), "one subnet per tier per AZ")
			got := map[Tier][]string{}
			for i, p := range plans {
				assert.Equal(t, tt.azs[i%len(tt.azs)], p.AvailabilityZone, "subnet %d (%s) should be in AZ order", i, p.Tier)
				got[p.Tier] = append(got[p.Tier], p.CidrBlock)
			}
			assert.Equal(t, tt.public, got[TierPublic], "public subnets")
			assert.Equal(t, tt.private, got[TierPrivate], "private subnets")
			assert.Equal(t, tt.isolated, got[TierIsolated], "isolated subnets")
		})
	}
}

func TestPlanSubnetsNeverOverlapAndStayInsideTheVpc(t *testing.T) {
	azs := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d", "eu-west-1e", "eu-west-1f"}
	for _, cidr := range []string{"10.0.0.0/16", "10.10.128.0/17", "192.168.0.0/18", "100.64.32.0/19", "10.20.240.0/20"} {
		for n := 1; n <= len(azs); n++ {
			plans, err := PlanSubnets(cidr, azs[:n])
			require.NoError(t, err, "%s over %d AZs", cidr, n)
			vpc := netip.MustParsePrefix(cidr)
			for i, a := range plans {
				pa := netip.MustParsePrefix(a.CidrBlock)
				assert.True(t, vpc.Contains(pa.Addr()) && pa.Bits() > vpc.Bits(),
					"%s subnet %s in %s is outside VPC %s", a.Tier, a.CidrBlock, a.AvailabilityZone, cidr)
				assert.Equal(t, pa.Masked(), pa, "%s subnet %s has host bits set", a.Tier, a.CidrBlock)
				for _, b := range plans[i+1:] {
					assert.False(t, pa.Overlaps(netip.MustParsePrefix(b.CidrBlock)),
						"%s subnet %s (%s) overlaps %s subnet %s (%s) in VPC %s",
						a.Tier, a.CidrBlock, a.AvailabilityZone, b.Tier, b.CidrBlock, b.AvailabilityZone, cidr)
				}
			}
		}
	}
}

func TestPlanSubnetsKeepsExistingSubnetsWhenAnAzIsAppended(t *testing.T) {
	before, err := PlanSubnets("10.0.0.0/16", []string{"eu-west-1a", "eu-west-1b"})
	require.NoError(t, err)
	after, err := PlanSubnets("10.0.0.0/16", []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"})
	require.NoError(t, err)
	for _, p := range before {
		assert.Contains(t, after, p, "appending an AZ moved the %s subnet of %s (a replacement of everything in it)", p.Tier, p.AvailabilityZone)
	}
}

func TestPlanSubnetsRejectsBadInput(t *testing.T) {
	three := []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}
	tests := []struct {
		name     string
		cidr     string
		azs      []string
		field    string
		fragment string
	}{
		{"not a CIDR", "10.0.0.0", three, "CidrBlock", "not a CIDR"},
		{"empty CIDR", "", three, "CidrBlock", "not a CIDR"},
		{"IPv6", "fd00::/56", three, "CidrBlock", "IPv4"},
		{"IPv4-mapped IPv6", "::ffff:10.0.0.0/112", three, "CidrBlock", "IPv4"},
		{"host bits set", "10.0.0.1/16", three, "CidrBlock", "did you mean 10.0.0.0/16"},
		{"larger than /16", "10.0.0.0/15", three, "CidrBlock", "/15 is outside /16../20"},
		{"smaller than /20", "10.0.0.0/21", three, "CidrBlock", "/21 is outside /16../20"},
		{"no AZ", "10.0.0.0/16", nil, "AvailabilityZones", "at least one"},
		{"seven AZs", "10.0.0.0/16", []string{"a", "b", "c", "d", "e", "f", "g"}, "AvailabilityZones", "7 given"},
		{"duplicate AZ", "10.0.0.0/16", []string{"eu-west-1a", "eu-west-1b", "eu-west-1a"}, "AvailabilityZones", `"eu-west-1a" is listed twice`},
		{"empty AZ name", "10.0.0.0/16", []string{"eu-west-1a", ""}, "AvailabilityZones[1]", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plans, err := PlanSubnets(tt.cidr, tt.azs)
			require.Error(t, err, "expected %s to be rejected", tt.field)
			assert.Nil(t, plans)
			assert.True(t, strings.HasPrefix(err.Error(), tt.field), "error %q should name the field %s", err, tt.field)
			assert.Contains(t, err.Error(), tt.fragment)
		})
	}
}

func TestSubnetTags(t *testing.T) {
	tests := []struct {
		plan SubnetPlan
		want map[string]string
	}{
		{
			plan: SubnetPlan{TierPublic, "eu-west-1a", "10.0.192.0/22"},
			want: map[string]string{
				"Name": "prod-public-eu-west-1a", "tier": "public",
				"kubernetes.io/cluster/ip-prod": "shared", "kubernetes.io/role/elb": "1",
			},
		},
		{
			plan: SubnetPlan{TierPrivate, "eu-west-1b", "10.0.32.0/19"},
			want: map[string]string{
				"Name": "prod-private-eu-west-1b", "tier": "private",
				"kubernetes.io/cluster/ip-prod": "shared", "kubernetes.io/role/internal-elb": "1",
			},
		},
		{
			// no role tag: the load balancer controller must never place a load balancer here
			plan: SubnetPlan{TierIsolated, "eu-west-1c", "10.0.232.0/22"},
			want: map[string]string{
				"Name": "prod-isolated-eu-west-1c", "tier": "isolated",
				"kubernetes.io/cluster/ip-prod": "shared",
			},
		},
	}
	for _, tt := range tests {
		t.Run(string(tt.plan.Tier), func(t *testing.T) {
			assert.Equal(t, tt.want, subnetTags("prod", "ip-prod", tt.plan))
		})
	}
}

func TestValidRetentionDays(t *testing.T) {
	for _, d := range []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653} {
		assert.True(t, validRetentionDays(d), "CloudWatch Logs accepts %d days", d)
	}
	for _, d := range []int{-1, 0, 2, 31, 366, 3650, 4000} {
		assert.False(t, validRetentionDays(d), "CloudWatch Logs rejects %d days", d)
	}
}
