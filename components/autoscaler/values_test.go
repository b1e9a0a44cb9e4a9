package autoscaler

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuildValuesUsesTheChartsValueNames(t *testing.T) {
	a, err := withDefaults("autoscaler", prodArgs())
	require.NoError(t, err)
	got, err := buildValues(a, "ip-prod").toMap()
	require.NoError(t, err)

	want := `{
		"cloudProvider": "aws",
		"awsRegion": "eu-west-1",
		"autoDiscovery": {"clusterName": "ip-prod"},
		"fullnameOverride": "cluster-autoscaler",
		"image": {"tag": "v1.36.1"},
		"rbac": {"serviceAccount": {"create": true, "name": "cluster-autoscaler"}},
		"podAnnotations": {"ip-platform.io/aws-credentials": "eks-pod-identity"},
		"replicaCount": 1,
		"extraArgs": {"expander": "least-waste", "balance-similar-node-groups": "true", "skip-nodes-with-system-pods": "false"},
		"resources": {"requests": {"cpu": "100m", "memory": "300Mi"}, "limits": {"cpu": "500m", "memory": "600Mi"}},
		"podDisruptionBudget": {"maxUnavailable": 1},
		"priorityClassName": "system-cluster-critical",
		"securityContext": {"runAsNonRoot": true, "runAsUser": 65534, "runAsGroup": 65534, "fsGroup": 65534,
			"seccompProfile": {"type": "RuntimeDefault"}},
		"containerSecurityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
			"capabilities": {"drop": ["ALL"]}}
	}`
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, want, string(b))
}

func TestPolicyNamesTheClusterInTheScalingCondition(t *testing.T) {
	var doc struct {
		Version   string
		Statement []struct {
			Sid       string
			Action    []string
			Resource  []string
			Condition map[string]map[string]string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(policy("ip-staging")), &doc))
	require.Len(t, doc.Statement, 2)

	scale, discover := doc.Statement[0], doc.Statement[1]
	assert.Equal(t, "owned", scale.Condition["StringEquals"]["aws:ResourceTag/k8s.io/cluster-autoscaler/ip-staging"])
	assert.Equal(t, "true", scale.Condition["StringEquals"]["aws:ResourceTag/k8s.io/cluster-autoscaler/enabled"])
	assert.NotContains(t, scale.Condition["StringEquals"], "aws:ResourceTag/k8s.io/cluster-autoscaler/ip-prod")

	assert.Empty(t, discover.Condition)
	assert.Equal(t, []string{"*"}, discover.Resource)
	for _, action := range discover.Action {
		assert.Regexp(t, `^(autoscaling|ec2|eks):(Describe|Get)`, action, "the unconditioned statement must be read-only")
	}
	assert.Contains(t, discover.Action, "eks:DescribeNodegroup", "needed to scale managed node groups up from zero")
	assert.Contains(t, discover.Action, "ec2:DescribeLaunchTemplateVersions", "managed node groups launch from templates")
}

func TestParseQuantity(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"100m", 0.1, true},
		{"0.5", 0.5, true},
		{"2", 2, true},
		{"300Mi", 300 * 1024 * 1024, true},
		{"1Gi", 1024 * 1024 * 1024, true},
		{"1G", 1e9, true},
		{"512Ki", 512 * 1024, true},
		{"", 0, false},
		{"Mi", 0, false},
		{"100 m", 0, false},
		{"1gi", 0, false},
		{"-1", 0, false},
	}
	for _, tc := range cases {
		got, err := parseQuantity(tc.in)
		if !tc.ok {
			assert.Error(t, err, "%q is not a quantity", tc.in)
			continue
		}
		if assert.NoError(t, err, "%q", tc.in) {
			assert.InDelta(t, tc.want, got, 1e-9, "value of %q", tc.in)
		}
	}
}
