package tests

import (
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/plan"
)

// projectDir is where Pulumi.yaml and the stack files live, seen from this package.
const projectDir = ".."

var stacks = []string{"dev", "staging", "prod"}

// Type tokens the invariants look at.
const (
	vpcType        = "aws:ec2/vpc:Vpc"
	subnetType     = "aws:ec2/subnet:Subnet"
	natType        = "aws:ec2/natGateway:NatGateway"
	routeType      = "aws:ec2/route:Route"
	clusterType    = "aws:eks/cluster:Cluster"
	nodeGroupType  = "aws:eks/nodeGroup:NodeGroup"
	addonType      = "aws:eks/addon:Addon"
	oidcType       = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
	awsProvider    = "pulumi:providers:aws"
	k8sProvider    = "pulumi:providers:kubernetes"
	helmReleaseTyp = "kubernetes:helm.sh/v3:Release"
)

// plannedStacks memoizes planStack: the program is deterministic and most tests of this package
// read the same three plans, so each stack is planned once per test binary. Tests must treat a
// plan as read-only.
var plannedStacks sync.Map // stack name -> func() (*plan.Result, error)

// planStack runs the program on the real stack file of stack (once; see plannedStacks).
func planStack(t testing.TB, stack string) *plan.Result {
	t.Helper()
	once, _ := plannedStacks.LoadOrStore(stack, sync.OnceValues(func() (*plan.Result, error) {
		return plan.Compute(projectDir, stack, "")
	}))
	result, err := once.(func() (*plan.Result, error))()
	require.NoError(t, err, "stack %s must plan cleanly", stack)
	return result
}

func ofType(r *plan.Result, typ string) []offline.Resource {
	var out []offline.Resource
	for _, res := range r.Resources {
		if res.Type == typ {
			out = append(out, res)
		}
	}
	return out
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		s, _ := e.(string)
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// idsOf returns the IDs the mocks give resources (logical name + "-id"), sorted.
func idsOf(resources []offline.Resource) []string {
	out := make([]string, len(resources))
	for i, r := range resources {
		out[i] = r.Name + "-id"
	}
	slices.Sort(out)
	return out
}

// subnetsOfTier returns the subnets tagged with the given tier.
func subnetsOfTier(r *plan.Result, tier string) []offline.Resource {
	var out []offline.Resource
	for _, s := range ofType(r, subnetType) {
		if s.Input("tags.tier") == tier {
			out = append(out, s)
		}
	}
	return out
}
