package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/plan"
)

func runPlan(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = plan.Main(append([]string{"--dir", projectDir}, args...), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestPlanJSONListsTheProdEssentials(t *testing.T) {
	code, out, stderr := runPlan("--stack", "prod", "--json")
	require.Equal(t, plan.ExitOK, code, stderr)

	var doc struct {
		Stack     string `json:"stack"`
		Resources []struct {
			URN    string         `json:"urn"`
			Type   string         `json:"type"`
			Name   string         `json:"name"`
			Parent string         `json:"parent"`
			Inputs map[string]any `json:"inputs"`
		} `json:"resources"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "prod", doc.Stack)

	counts := map[string]int{}
	for _, r := range doc.Resources {
		counts[r.Type]++
		assert.NotEmpty(t, r.URN)
		assert.NotEmpty(t, r.Parent, "%s %s has no parent", r.Type, r.Name)
	}
	assert.Equal(t, 1, counts[vpcType])
	assert.GreaterOrEqual(t, counts[subnetType], 9)
	assert.Equal(t, 3, counts[natType])
	assert.Equal(t, 1, counts[clusterType])
	assert.Equal(t, 1, counts[oidcType])
	assert.Equal(t, 6, counts[addonType], "five cluster add-ons and GuardDuty's runtime agent")
	assert.Equal(t, 2, counts[nodeGroupType])
}

func TestPlanTreeEndsWithCountsPerType(t *testing.T) {
	code, out, stderr := runPlan("--stack", "dev")
	require.Equal(t, plan.ExitOK, code, stderr)
	assert.Contains(t, out, "pulumi:pulumi:Stack")
	assert.Contains(t, out, "└─ ")
	assert.Regexp(t, `Resources: \d+ to create`, out)
	assert.Regexp(t, `(?m)^\s*1\s+aws:ec2/natGateway:NatGateway$`, out, "dev plans one NAT gateway")
}

func TestPlanRejectsInvalidStackFiles(t *testing.T) {
	cases := []struct {
		name, file, mustName string
	}{
		{"unknown environment", "config:\n  ip-platform:environment: qa\n  ip-platform:region: us-east-1\n  ip-platform:availabilityZones: [us-east-1a, us-east-1b]\n  ip-platform:vpcCidr: 10.0.0.0/16\n", "ip-platform:environment must be one of dev, staging, prod"},
		{"misspelt key", "config:\n  ip-platform:environment: dev\n  ip-platform:region: us-east-1\n  ip-platform:availabilityZones: [us-east-1a, us-east-1b]\n  ip-platform:vpcCidr: 10.0.0.0/16\n  ip-platform:nodepool: []\n", "ip-platform:nodepool is not a known key"},
		{"missing vpc cidr", "config:\n  ip-platform:environment: dev\n  ip-platform:region: us-east-1\n  ip-platform:availabilityZones: [us-east-1a, us-east-1b]\n", "ip-platform:vpcCidr is required"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "Pulumi.bad.yaml")
			require.NoError(t, os.WriteFile(file, []byte(tc.file), 0o600))
			code, out, stderr := runPlan("--stack", "bad", "--config-file", file)
			assert.Equal(t, plan.ExitInvalid, code)
			assert.Contains(t, stderr, tc.mustName)
			assert.Empty(t, out, "nothing is planned from an invalid stack")
		})
	}
}

func TestPlanNeedsAStack(t *testing.T) {
	code, _, stderr := runPlan()
	assert.Equal(t, plan.ExitUsage, code)
	assert.Contains(t, stderr, "--stack is required")
}

func BenchmarkPlanProd(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := plan.Compute(projectDir, "prod", ""); err != nil {
			b.Fatal(err)
		}
	}
}
