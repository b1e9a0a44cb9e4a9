package nodepool

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

func TestBadArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*NodePoolArgs)
		field    string
		fragment string
	}{
		{"no cluster", func(a *NodePoolArgs) { a.ClusterName = nil }, "ClusterName", "required"},
		{"no subnets", func(a *NodePoolArgs) { a.SubnetIDs = nil }, "SubnetIDs", "required"},
		{"no instance types", func(a *NodePoolArgs) { a.InstanceTypes = nil }, "InstanceTypes", "at least one"},
		{"instance type without size", func(a *NodePoolArgs) { a.InstanceTypes = []string{"m6i"} }, "InstanceTypes", "not an EC2 instance type"},
		{"upper-case instance type", func(a *NodePoolArgs) { a.InstanceTypes = []string{"M6I.large"} }, "InstanceTypes", "not an EC2 instance type"},
		{"duplicate instance type", func(a *NodePoolArgs) { a.InstanceTypes = []string{"m6i.large", "m6i.large"} }, "InstanceTypes", "twice"},
		{"mixed architectures", func(a *NodePoolArgs) { a.InstanceTypes = []string{"m6i.large", "m7g.large"} }, "InstanceTypes", "split them"},
		{"GPU instance type", func(a *NodePoolArgs) { a.InstanceTypes = []string{"g5.xlarge"} }, "InstanceTypes", "accelerated"},
		{"lower-case capacity type", func(a *NodePoolArgs) { a.CapacityType = "spot" }, "CapacityType", "ON_DEMAND or SPOT"},
		{"unknown AMI family", func(a *NodePoolArgs) { a.AmiFamily = "ubuntu" }, "AmiFamily", `"ubuntu" must be al2023 or bottlerocket`},
		{"AMI type as family", func(a *NodePoolArgs) { a.AmiFamily = AmiFamily(AmiBottlerocketX86) }, "AmiFamily", "al2023 or bottlerocket"},
		{"negative minimum", func(a *NodePoolArgs) { a.MinSize = -1 }, "MinSize", ">= 0"},
		{"zero maximum", func(a *NodePoolArgs) { a.MinSize, a.MaxSize = 0, 0 }, "MaxSize", ">= 1"},
		{"maximum below minimum", func(a *NodePoolArgs) { a.MinSize, a.MaxSize = 4, 3 }, "MaxSize (3) must be >= MinSize (4)", ""},
		{"desired above maximum", func(a *NodePoolArgs) { a.DesiredSize = 7 }, "DesiredSize", "between MinSize"},
		{"desired below minimum", func(a *NodePoolArgs) { a.DesiredSize = 1 }, "DesiredSize", "between MinSize"},
		{"update budget too large", func(a *NodePoolArgs) { a.MaxUnavailable = 101 }, "MaxUnavailable", "between 1 and 100"},
		{"tiny disk", func(a *NodePoolArgs) { a.DiskSizeGiB = 8 }, "DiskSizeGiB", "between 20"},
		{"label key with space", func(a *NodePoolArgs) { a.Labels = map[string]string{"my label": "x"} }, "Labels", "my label"},
		{"label in kubernetes.io", func(a *NodePoolArgs) { a.Labels = map[string]string{"node-role.kubernetes.io/worker": ""} }, "Labels", "reserved"},
		{"label in k8s.io", func(a *NodePoolArgs) { a.Labels = map[string]string{"k8s.io/pool": "a"} }, "Labels", "reserved"},
		{"label in eks.amazonaws.com", func(a *NodePoolArgs) { a.Labels = map[string]string{"eks.amazonaws.com/nodegroup": "a"} }, "Labels", "reserved"},
		{"label value too long", func(a *NodePoolArgs) { a.Labels = map[string]string{"team": strings.Repeat("a", 64)} }, "Labels", "at most 63"},
		{"taint effect in k8s spelling", func(a *NodePoolArgs) { a.Taints = []Taint{{Key: "dedicated", Effect: "NoSchedule"}} }, "Taints", "NO_SCHEDULE"},
		{"taint without key", func(a *NodePoolArgs) { a.Taints = []Taint{{Effect: NoSchedule}} }, "Taints", "name"},
		{"taint key twice", func(a *NodePoolArgs) {
			a.Taints = []Taint{{Key: "dedicated", Effect: NoSchedule}, {Key: "dedicated", Effect: NoExecute}}
		}, "Taints", "twice"},
		{"too many taints", func(a *NodePoolArgs) {
			for i := range 51 {
				a.Taints = append(a.Taints, Taint{Key: fmt.Sprintf("t%d", i), Effect: NoSchedule})
			}
		}, "Taints", "at most 50"},
		{"too many template tags", func(a *NodePoolArgs) {
			a.MinSize = 0
			a.Labels = map[string]string{}
			for i := range 46 {
				a.Labels[fmt.Sprintf("l%d", i)] = "x"
			}
		}, "Labels and Taints", "room for 45"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := generalArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewNodePool(ctx, "general", args)
				return err
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "nodepool general: "+tc.field, "the error must name the field")
			assert.Contains(t, err.Error(), tc.fragment)
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}

func TestPoolNameMustFitTheNodeGroupNamePrefix(t *testing.T) {
	for _, name := range []string{strings.Repeat("p", 37), "pool.with.dots", "-leading-dash"} {
		_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
			_, err := NewNodePool(ctx, name, generalArgs())
			return err
		})
		assert.ErrorContains(t, err, "nodepool "+name+": the name", "pool name %q should be rejected", name)
	}
	_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
		_, err := NewNodePool(ctx, strings.Repeat("p", 36), generalArgs())
		return err
	})
	assert.NoError(t, err, "a 36-character name leaves room for the provider's 26-character suffix")
}

func TestValidateQualifiedName(t *testing.T) {
	cases := []struct {
		key string
		ok  bool
	}{
		{"workload", true},
		{"example.com/team", true},
		{"topology.example.io/rack_1", true},
		{"a", true},
		{strings.Repeat("n", 63), true},
		{strings.Repeat("n", 64), false},
		{"", false},
		{"-leading", false},
		{"trailing.", false},
		{"Example.com/team", false},
		{"/team", false},
		{"example.com/", false},
		{"a/b/c", false},
		{"has space", false},
	}
	for _, tc := range cases {
		err := validateQualifiedName(tc.key)
		if tc.ok {
			assert.NoError(t, err, "%q is a valid qualified name", tc.key)
		} else {
			assert.Error(t, err, "%q is not a valid qualified name", tc.key)
		}
	}
}

func TestValidateLabelReservedNamespaces(t *testing.T) {
	cases := map[string]bool{
		"kubernetes.io/role":             false,
		"node.kubernetes.io/pool":        false,
		"k8s.io/x":                       false,
		"eks.amazonaws.com/capacityType": false,
		"notkubernetes.io/x":             true,
		"example.com/pool":               true,
		"pool":                           true,
	}
	for key, ok := range cases {
		err := validateLabel(key, "v")
		if ok {
			assert.NoError(t, err, "label %q is allowed", key)
		} else {
			assert.ErrorContains(t, err, "reserved", "label %q is in a reserved namespace", key)
		}
	}
}
