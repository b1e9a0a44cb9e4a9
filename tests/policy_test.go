package tests

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/ip-platform/infra/internal/plan"
	"github.com/ip-platform/infra/policies/baseline"
)

// The policy pack (policies/baseline) run on each stack's plan, as `plan --policy` and CI do.

func TestEveryStackPassesThePolicyPack(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			for _, v := range plan.Policies(planStack(t, stack)) {
				assert.False(t, v.Mandatory(), "[%s] %s %s: %s", v.Policy, v.Type, v.Name, v.Message)
			}
		})
	}
}

func TestRaisingTrademarksCPULimitFailsThePolicyCheck(t *testing.T) {
	// The stack file a developer would get from
	// `pulumi config set --path 'ip-platform:services.trademark.limits.cpu' 2`.
	file := stackFileWith(t, "prod", "2", "ip-platform:services", "trademark", "limits", "cpu")
	code, out, stderr := runPlan("--stack", "prod", "--config-file", file, "--policy")
	assert.Equal(t, plan.ExitInvalid, code, "a mandatory violation fails the check")
	assert.Contains(t, out, "[mandatory]  ip-service-limits")
	assert.Contains(t, out, `trademark: container "trademark" has limits.cpu 2; the spec says 500m`)
	assert.Contains(t, stderr, "mandatory policy violations")
}

func TestPlanPolicyIsCleanForTheRealStackFile(t *testing.T) {
	code, out, stderr := runPlan("--stack", "staging", "--policy")
	assert.Equal(t, plan.ExitOK, code, stderr)
	assert.Contains(t, out, "Policy violations: 0 mandatory")
}

func TestDroppingALimitIsAViolation(t *testing.T) {
	r := planStack(t, "prod")
	resources := plan.PolicyResources(r.Resources)

	deployment := find(t, resources, baseline.TypeDeployment, func(res baseline.Resource) bool {
		return inputString(res, "metadata.name") == "trademark"
	})
	without := withProperty(t, deployment, "spec.template.spec.containers[0].resources.limits", property.Value{})
	assertViolation(t, resources, without, "container-resources", `container "trademark": no cpu limit; no memory limit`)
	assertViolation(t, resources, without, "ip-service-limits", "trademark: container \"trademark\" sets no cpu limit")

	release := find(t, resources, baseline.TypeHelmRelease, func(res baseline.Resource) bool {
		return inputString(res, "chart") == "cluster-autoscaler"
	})
	assertViolation(t, resources, withProperty(t, release, "values.resources.limits", property.Value{}),
		"helm-release-resources", "values.resources: no cpu limit; no memory limit")
}

func TestAPublicDatabaseIsAViolation(t *testing.T) {
	r := planStack(t, "prod")
	resources := plan.PolicyResources(r.Resources)
	db := find(t, resources, baseline.TypeRDSInstance, func(baseline.Resource) bool { return true })
	assertViolation(t, resources, withProperty(t, db, "publiclyAccessible", property.New(true)),
		"rds-baseline", "publiclyAccessible is true")
	assertViolation(t, resources, withProperty(t, db, "multiAz", property.New(false)),
		"rds-baseline", "prod: multiAz is not true")
}

// stackFileWith writes a copy of Pulumi.<stack>.yaml with value set at the config path
// (namespace key, then object keys) and returns its path.
func stackFileWith(t *testing.T, stack string, value any, path ...string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(projectDir, "Pulumi."+stack+".yaml"))
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, yaml.Unmarshal(raw, &doc))
	cur, ok := doc["config"].(map[string]any)
	require.True(t, ok, "the stack file has a config block")
	for _, key := range path[:len(path)-1] {
		next, ok := cur[key].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[key] = next
		}
		cur = next
	}
	cur[path[len(path)-1]] = value
	out, err := yaml.Marshal(doc)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "Pulumi."+stack+".yaml")
	require.NoError(t, os.WriteFile(file, out, 0o600))
	return file
}

func find(t *testing.T, resources []baseline.Resource, typ string, match func(baseline.Resource) bool) baseline.Resource {
	t.Helper()
	for _, r := range resources {
		if r.Type == typ && match(r) {
			return r
		}
	}
	require.Failf(t, "resource missing from the plan", "no matching %s", typ)
	return baseline.Resource{}
}

// inputString returns the string input at path, or "" when it is unset or not a string.
func inputString(r baseline.Resource, path string) string {
	var p property.Path
	if p.UnmarshalText([]byte(path)) != nil {
		return ""
	}
	v, err := p.Get(property.New(r.Properties))
	if err != nil || !v.IsString() {
		return ""
	}
	return v.AsString()
}

// withProperty returns r with one input changed (a null value removes it).
func withProperty(t *testing.T, r baseline.Resource, path string, v property.Value) baseline.Resource {
	t.Helper()
	var p property.Path
	require.NoError(t, p.UnmarshalText([]byte(path)))
	changed, err := p.Set(property.New(r.Properties), v)
	require.NoError(t, err, "set %s on %s", path, r.Name)
	r.Properties = changed.AsMap()
	return r
}

// assertViolation evaluates the stack with changed in place of its original and expects the
// policy to report the message on it.
func assertViolation(t *testing.T, resources []baseline.Resource, changed baseline.Resource, policy, message string) {
	t.Helper()
	stack := make([]baseline.Resource, len(resources))
	for i, r := range resources {
		if r.URN == changed.URN {
			r = changed
		}
		stack[i] = r
	}
	for _, v := range baseline.Evaluate(stack, "prod", nil) {
		if v.Policy == policy && v.URN == changed.URN {
			assert.True(t, v.Mandatory(), "%s is mandatory", policy)
			assert.Contains(t, v.Message, message)
			return
		}
	}
	assert.Failf(t, "no violation", "%s should report %q on %s", policy, message, changed.Name)
}

// BenchmarkPolicyPackProd is the cost of judging the prod plan (the plan itself excluded).
func BenchmarkPolicyPackProd(b *testing.B) {
	r := planStack(b, "prod")
	resources := plan.PolicyResources(r.Resources)
	b.ReportAllocs()
	for b.Loop() {
		baseline.Evaluate(resources, r.Stack, nil)
	}
}
