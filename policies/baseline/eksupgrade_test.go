package baseline

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
)

func TestEKSUpgrade(t *testing.T) {
	cluster := func(policy any) Resource {
		p := map[string]any{"name": "ip-platform-prod"}
		if policy != nil {
			p["upgradePolicy"] = policy
		}
		return Resource{Type: TypeEKSCluster, Properties: props(p)}
	}
	cases := []struct {
		name    string
		cluster Resource
		want    []string
	}{
		{"standard", cluster(map[string]any{"supportType": "STANDARD"}), nil},
		{"unknown at preview", cluster(map[string]any{"supportType": unknownValue{}}), nil},
		{"whole policy unknown at preview", cluster(unknownValue{}), nil},
		{"extended", cluster(map[string]any{"supportType": "EXTENDED"}), []string{"upgradePolicy.supportType is EXTENDED", "ip-platform:cluster.upgradePolicy.supportType"}},
		{"unset, so the API's EXTENDED", cluster(nil), []string{"upgradePolicy.supportType is not set, so the EKS API applies EXTENDED"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := EKSUpgrade(tc.cluster)
			if tc.want == nil {
				assert.Empty(t, got)
				return
			}
			if assert.Len(t, got, 1, "violations: %q", got) {
				for _, fragment := range tc.want {
					assert.Contains(t, got[0], fragment)
				}
			}
		})
	}
}

func TestEKSUpgradePolicyIsAdvisoryAndJudgesClustersOnly(t *testing.T) {
	p := EKSUpgradePolicy()
	assert.Equal(t, policyx.EnforcementLevelAdvisory, p.Enforcement, "prod may choose extended support on purpose")
	extended := props(map[string]any{"upgradePolicy": map[string]any{"supportType": "EXTENDED"}})
	assert.Len(t, p.CheckResource(Resource{Type: TypeEKSCluster, Properties: extended}, "prod", nil), 1)
	assert.Empty(t, p.CheckResource(Resource{Type: TypeEKSNodeGroup, Properties: extended}, "prod", nil))
}
