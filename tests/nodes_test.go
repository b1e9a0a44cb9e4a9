package tests

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/autoscaler"
	"github.com/ip-platform/infra/internal/plan"
	"github.com/ip-platform/infra/policies/baseline"
)

const launchTemplateType = "aws:ec2/launchTemplate:LaunchTemplate"

func TestNoNodeAnswersPodsOnInstanceMetadata(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			templates := ofType(r, launchTemplateType)
			require.Len(t, templates, len(ofType(r, nodeGroupType)), "one launch template per node group")
			for _, lt := range templates {
				assert.Equal(t, 1.0, lt.Input("metadataOptions.httpPutResponseHopLimit"), "%s: a pod is one hop from its node", lt.Name)
				assert.Equal(t, "required", lt.Input("metadataOptions.httpTokens"), "%s: IMDSv2 only", lt.Name)
			}
		})
	}
}

func TestPolicyPackRefusesALaunchTemplateWithHopLimitTwo(t *testing.T) {
	resources := plan.PolicyResources(planStack(t, "prod").Resources)
	lt := find(t, resources, baseline.TypeLaunchTemplate, func(baseline.Resource) bool { return true })
	assertViolation(t, resources, withProperty(t, lt, "metadataOptions.httpPutResponseHopLimit", property.New(2.0)),
		"launch-template-imds", "httpPutResponseHopLimit is 2, not 1")
	assertViolation(t, resources, withProperty(t, lt, "metadataOptions.httpTokens", property.New("optional")),
		"launch-template-imds", `httpTokens is "optional", not "required"`)
}

func TestEveryNodeGroupNamesItsAmiType(t *testing.T) {
	// The example stacks' pools are all x86_64 (m6i, m6a, t3) on the default family.
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			groups := ofType(planStack(t, stack), nodeGroupType)
			require.NotEmpty(t, groups)
			for _, ng := range groups {
				assert.Equal(t, "AL2023_x86_64_STANDARD", ng.Input("amiType"), "node group %s", ng.Name)
			}
		})
	}
}

func TestABottlerocketPoolGetsItsAmiTypeAndDataVolume(t *testing.T) {
	pools := []any{
		map[string]any{"name": "general", "instanceTypes": []any{"t3.large"}, "minSize": 1, "maxSize": 3, "diskSizeGiB": 60},
		map[string]any{"name": "arm", "instanceTypes": []any{"m7g.large"}, "minSize": 0, "maxSize": 3, "amiFamily": "bottlerocket"},
	}
	r, err := plan.Compute(projectDir, "dev", stackFileWith(t, "dev", pools, "ip-platform:nodePools"))
	require.NoError(t, err)

	amiTypes := map[string]any{}
	for _, ng := range ofType(r, nodeGroupType) {
		amiTypes[ng.Name] = ng.Input("amiType")
	}
	assert.Equal(t, map[string]any{
		"ip-platform-dev-general": "AL2023_x86_64_STANDARD",
		"ip-platform-dev-arm":     "BOTTLEROCKET_ARM_64",
	}, amiTypes)

	devices := map[string][]any{}
	for _, lt := range ofType(r, launchTemplateType) {
		for _, d := range lt.Input("blockDeviceMappings").([]any) {
			m := d.(map[string]any)
			devices[lt.Name] = append(devices[lt.Name], []any{m["deviceName"], m["ebs"].(map[string]any)["volumeSize"]})
		}
	}
	assert.Equal(t, map[string][]any{
		"ip-platform-dev-general": {[]any{"/dev/xvda", 60.0}},
		"ip-platform-dev-arm":     {[]any{"/dev/xvda", nil}, []any{"/dev/xvdb", 50.0}},
	}, devices, "Bottlerocket keeps images and pods on /dev/xvdb, sized by diskSizeGiB")
}

func TestClusterSupportPolicyPerStack(t *testing.T) {
	// All three example stacks stay on STANDARD; prod may opt into EXTENDED in its stack file.
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			clusters := ofType(planStack(t, stack), clusterType)
			require.Len(t, clusters, 1)
			assert.Equal(t, "STANDARD", clusters[0].Input("upgradePolicy.supportType"),
				"%s: when the version leaves standard support the cluster is upgraded, not billed six times the price", stack)
		})
	}

	r, err := plan.Compute(projectDir, "prod", stackFileWith(t, "prod", "EXTENDED", "ip-platform:cluster", "upgradePolicy", "supportType"))
	require.NoError(t, err)
	assert.Equal(t, "EXTENDED", ofType(r, clusterType)[0].Input("upgradePolicy.supportType"))
	var advisory []baseline.Violation
	for _, v := range plan.Policies(r) {
		if v.Policy == "eks-extended-support" {
			advisory = append(advisory, v)
		}
	}
	if assert.Len(t, advisory, 1, "the pack flags the extended support prod chose") {
		assert.False(t, advisory[0].Mandatory(), "extended support is a choice: advisory, not refused")
	}
}

func TestBadSupportTypeOrAmiFamilyFailsThePreviewNamingTheKey(t *testing.T) {
	pool := func(family string) []any {
		return []any{map[string]any{"name": "general", "instanceTypes": []any{"t3.large"}, "minSize": 1, "maxSize": 3, "amiFamily": family}}
	}
	cases := []struct {
		desc    string
		value   any
		path    []string
		message string
	}{
		{"support type in lower case", "extended", []string{"ip-platform:cluster", "upgradePolicy", "supportType"},
			`ip-platform:cluster.upgradePolicy.supportType must be one of STANDARD (upgraded automatically when standard support ends), EXTENDED (extended support, six times the hourly price), got "extended"`},
		{"unknown AMI family", pool("ubuntu"), []string{"ip-platform:nodePools"},
			`ip-platform:nodePools[0].amiFamily must be one of al2023, bottlerocket, got "ubuntu"`},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			code, _, stderr := runPlan("--stack", "dev", "--config-file", stackFileWith(t, "dev", tc.value, tc.path...))
			assert.Equal(t, plan.ExitInvalid, code, "the preview must refuse the stack")
			assert.Contains(t, stderr, tc.message)
		})
	}
}

// TestTheAutoscalerRunsEachStacksKubernetesMinor: cluster-autoscaler supports only its own minor,
// so a change of cluster.version without the autoscaler's (components/autoscaler/chart.go) fails here.
func TestTheAutoscalerRunsEachStacksKubernetesMinor(t *testing.T) {
	for _, stack := range stacks {
		r := planStack(t, stack)
		clusters := ofType(r, "aws:eks/cluster:Cluster")
		require.Len(t, clusters, 1, stack)
		minor, _ := clusters[0].Input("version").(string)
		releases := ofType(r, "kubernetes:helm.sh/v3:Release")
		found := false
		for _, rel := range releases {
			if rel.Input("chart") == autoscaler.ChartName {
				found = true
				tag, _ := rel.Input("values.image.tag").(string)
				assert.True(t, strings.HasPrefix(tag, "v"+minor+"."), "%s: autoscaler image %s on Kubernetes %s", stack, tag, minor)
			}
		}
		assert.True(t, found, "%s installs cluster-autoscaler", stack)
	}
}
