//go:build e2e

package e2e

import (
	"context"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/platform"
)

// TestRealEngineRefusesBrokenObjects proves the check has teeth: the dev stack with one object
// broken the way mocks would never notice must fail, with the API server's own words.
func TestRealEngineRefusesBrokenObjects(t *testing.T) {
	bin := toolsBin(t)
	cases := []struct {
		name string
		// change breaks the first container of the trademark Deployment.
		change func(container pulumi.Map)
		// want is what the API server says about it.
		want string
	}{
		{
			name: "privilege escalation in a restricted namespace",
			change: func(c pulumi.Map) {
				sc, _ := c["securityContext"].(pulumi.Map)
				if sc == nil {
					sc = pulumi.Map{}
				}
				sc["allowPrivilegeEscalation"] = pulumi.Bool(true)
				c["securityContext"] = sc
			},
			want: "allowPrivilegeEscalation != false",
		},
		{
			name: "malformed quantity",
			change: func(c pulumi.Map) {
				resources := c["resources"].(pulumi.Map)
				limits := resources["limits"].(pulumi.Map)
				limits["cpu"] = pulumi.String("2 cores")
			},
			want: "quantities must match the regular expression",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), stackTimeout)
			defer cancel()
			h := newHarness(t, ctx, bin, "dev")
			program := breakContainer(platform.RunWith(platform.Options{}), "trademark", tc.change)
			s, err := h.engine.stack(ctx, projectDir, "dev", program, h.stackConfig())
			require.NoError(t, err)
			_, failure := h.tryUp(ctx, s)
			require.NotEmpty(t, failure, "the broken object was accepted")
			assert.Contains(t, failure, tc.want, "the failure must quote the API server")
			t.Logf("refused as expected:\n%s", failure)
		})
	}
}

// breakContainer runs program with change applied to the first container of the Deployment named
// deployment, through a stack transform: the component code is the real one, only the object that
// reaches the API server differs.
func breakContainer(program pulumi.RunFunc, deployment string, change func(pulumi.Map)) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		err := ctx.RegisterResourceTransform(func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			if a.Type != "kubernetes:apps/v1:Deployment" {
				return nil
			}
			if name, _ := dig(a.Props, "metadata", "name").(pulumi.String); string(name) != deployment {
				return nil
			}
			containers, _ := dig(a.Props, "spec", "template", "spec", "containers").(pulumi.Array)
			if len(containers) == 0 {
				return nil
			}
			container, ok := containers[0].(pulumi.Map)
			if !ok {
				return nil
			}
			change(container)
			return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
		})
		if err != nil {
			return err
		}
		return program(ctx)
	}
}

// dig follows keys through nested maps; nil when a key is missing.
func dig(m pulumi.Map, keys ...string) pulumi.Input {
	var v pulumi.Input = m
	for _, k := range keys {
		next, ok := v.(pulumi.Map)
		if !ok {
			return nil
		}
		v = next[k]
	}
	return v
}

// TestRealEngineFindsWhatAChartLacks proves the chart asserts have teeth against a real install:
// the dev stack with the metrics-server release's resources value taken out, so the chart's
// default applies (through a stack
// transform, so the chart and the rest of the program are the real ones) deploys, and the check
// of every container's requests and limits must then name metrics-server's container.
func TestRealEngineFindsWhatAChartLacks(t *testing.T) {
	bin := toolsBin(t)
	ctx, cancel := context.WithTimeout(context.Background(), stackTimeout)
	defer cancel()
	h := newHarness(t, ctx, bin, "dev")
	removed := false
	program := func(ctx *pulumi.Context) error {
		err := ctx.RegisterResourceTransform(func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
			if a.Type != "kubernetes:helm.sh/v3:Release" {
				return nil
			}
			if name, _ := a.Props["name"].(pulumi.String); string(name) != "metrics-server" {
				return nil
			}
			values, ok := a.Props["values"].(pulumi.Map)
			if !ok {
				return nil
			}
			delete(values, "resources")
			removed = true
			return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
		})
		if err != nil {
			return err
		}
		return platform.RunWith(platform.Options{})(ctx)
	}
	s, err := h.engine.stack(ctx, projectDir, "dev", program, h.stackConfig())
	require.NoError(t, err)
	h.up(ctx, s)
	require.True(t, removed, "the metrics-server release's values were not a map the transform could change")
	problems, _, err := resourceProblems(ctx, h.kube)
	require.NoError(t, err)
	require.NotEmpty(t, problems, "a chart container without requests and limits passed the check")
	assert.Contains(t, problems[0], "kube-system/metrics-server")
	// The chart's own default keeps requests (100m, 200Mi) and sets no limits.
	assert.Contains(t, problems[0], "container metrics-server: no limits.cpu, limits.memory")
	t.Logf("found as expected: %v", problems)
}
