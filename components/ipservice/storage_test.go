package ipservice

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

func TestEveryTrackGetsEphemeralStorageAndABoundedTmp(t *testing.T) {
	cases := []struct {
		name             string
		request, limit   string // Args; empty takes the defaults
		wantReq, wantLim string
		wantTmp          string
	}{
		{"defaults", "", "", "256Mi", "1Gi", "896Mi"},
		{"dev's profile", "128Mi", "512Mi", "128Mi", "512Mi", "384Mi"},
		{"a larger limit", "512Mi", "2Gi", "512Mi", "2Gi", "1920Mi"},
		{"whole GiB left for /tmp", "256Mi", "1152Mi", "256Mi", "1152Mi", "1Gi"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := trademarkArgs()
			a.Resources.EphemeralStorageRequest, a.Resources.EphemeralStorageLimit = tc.request, tc.limit
			// Blue-green runs two tracks: each Deployment must carry the storage, not only the first.
			a.Release = Release{Strategy: BlueGreen, CandidateImage: testCandidate}
			m, _ := run(t, a)
			ds := deployments(m)
			require.Len(t, ds, 2)
			for name, d := range ds {
				res := container(t, d)["resources"].(map[string]any)
				assert.Equal(t, tc.wantReq, res["requests"].(map[string]any)["ephemeral-storage"], "%s: ephemeral-storage request", name)
				assert.Equal(t, tc.wantLim, res["limits"].(map[string]any)["ephemeral-storage"], "%s: ephemeral-storage limit", name)
				volumes := d.Input("spec.template.spec.volumes").([]any)
				require.Len(t, volumes, 1, "%s: the service has one volume, /tmp", name)
				assert.Equal(t, map[string]any{"name": "tmp", "emptyDir": map[string]any{"sizeLimit": tc.wantTmp}}, volumes[0],
					"%s: /tmp gets the limit minus 128Mi kept for logs", name)
			}
			item := named(t, m, limitRangeType, "trademark-limits").Input("spec.limits[0]").(map[string]any)
			assert.Equal(t, tc.wantLim, item["default"].(map[string]any)["ephemeral-storage"], "a container that forgot its resources gets the service's limit")
			assert.Equal(t, tc.wantReq, item["defaultRequest"].(map[string]any)["ephemeral-storage"])
			assert.Equal(t, tc.wantLim, item["max"].(map[string]any)["ephemeral-storage"])
		})
	}
}

func TestBadEphemeralStorageIsRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*Resources)
		fragment string
	}{
		{"bare bytes", func(r *Resources) { r.EphemeralStorageLimit = "1073741824" }, "Resources: EphemeralStorageLimit: \"1073741824\" is not an ephemeral-storage quantity"},
		{"decimal request", func(r *Resources) { r.EphemeralStorageRequest = "0.5Gi" }, "Resources: EphemeralStorageRequest"},
		{"limit below request", func(r *Resources) { r.EphemeralStorageRequest, r.EphemeralStorageLimit = "2Gi", "1Gi" },
			"EphemeralStorageLimit 1Gi must be at least EphemeralStorageRequest 2Gi"},
		{"no room for /tmp", func(r *Resources) { r.EphemeralStorageRequest, r.EphemeralStorageLimit = "64Mi", "128Mi" },
			"EphemeralStorageLimit 128Mi must be at least 256Mi: 128Mi is kept for the container's logs"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := trademarkArgs()
			tc.edit(&args.Resources)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewService(ctx, "trademark", args)
				return err
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "ipservice trademark: ")
			assert.Contains(t, err.Error(), tc.fragment)
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}

func TestEphemeralStorageDefaultsAreFilledOnACopy(t *testing.T) {
	args := trademarkArgs()
	run(t, args)
	assert.Empty(t, args.Resources.EphemeralStorageLimit, "defaults must be filled on a copy")
}
