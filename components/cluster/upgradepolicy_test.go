package cluster

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func TestUpgradePolicyIsSetExplicitly(t *testing.T) {
	cases := []struct {
		desc string
		set  string
		want string
	}{
		{"unset means standard, not the API's extended", "", SupportStandard},
		{"standard", SupportStandard, SupportStandard},
		{"extended on purpose", SupportExtended, SupportExtended},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			m, _ := runCluster(t, func(a *ClusterArgs) { a.SupportType = tc.set })
			cluster := offlinetest.Must(t, m, typeCluster, "prod")
			assert.Equal(t, map[string]any{"supportType": tc.want}, cluster.Input("upgradePolicy"),
				"the cluster's upgrade policy must always be in its inputs: left out, EKS picks EXTENDED")
		})
	}
}

func TestCallerSupportTypeIsNotFilledIn(t *testing.T) {
	args := validArgs()
	_, err := args.withDefaults("prod")
	assert.NoError(t, err)
	assert.Empty(t, args.SupportType, "defaults are filled on a copy")
}
