package nodepool

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNodeTemplateTagsDescribeLabelsAndTaints(t *testing.T) {
	got := nodeTemplateTags(
		map[string]string{"workload": "batch", "example.com/team": "ip"},
		[]Taint{
			{Key: "dedicated", Value: "batch", Effect: NoSchedule},
			{Key: "spot", Value: "true", Effect: PreferNoSchedule},
			{Key: "drain", Effect: NoExecute},
		},
	)
	assert.Equal(t, map[string]string{
		"k8s.io/cluster-autoscaler/node-template/label/workload":         "batch",
		"k8s.io/cluster-autoscaler/node-template/label/example.com/team": "ip",
		"k8s.io/cluster-autoscaler/node-template/taint/dedicated":        "batch:NoSchedule",
		"k8s.io/cluster-autoscaler/node-template/taint/spot":             "true:PreferNoSchedule",
		"k8s.io/cluster-autoscaler/node-template/taint/drain":            ":NoExecute",
	}, got, "taint tags are <value>:<Effect> in the Kubernetes spelling")
}

func TestNodeTemplateTagsEmptyForAPlainPool(t *testing.T) {
	assert.Empty(t, nodeTemplateTags(nil, nil))
}

func TestKubernetesEffect(t *testing.T) {
	cases := map[string]string{
		NoSchedule:       "NoSchedule",
		NoExecute:        "NoExecute",
		PreferNoSchedule: "PreferNoSchedule",
	}
	for eks, k8s := range cases {
		got, ok := KubernetesEffect(eks)
		assert.True(t, ok, "%s is an EKS taint effect", eks)
		assert.Equal(t, k8s, got)
	}
	_, ok := KubernetesEffect("NoSchedule")
	assert.False(t, ok, "the Kubernetes spelling is not an EKS API effect")
}
