package baseline

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLaunchTemplateMetadata(t *testing.T) {
	template := func(opts any) Resource {
		p := map[string]any{"description": "EKS managed node group general"}
		if opts != nil {
			p["metadataOptions"] = opts
		}
		return Resource{Type: TypeLaunchTemplate, Properties: props(p)}
	}
	hardened := map[string]any{"httpEndpoint": "enabled", "httpTokens": "required", "httpPutResponseHopLimit": 1}
	cases := []struct {
		name     string
		template Resource
		want     []string
	}{
		{"IMDSv2 only, hop limit 1", template(hardened), nil},
		{"metadata service off", template(map[string]any{"httpEndpoint": "disabled"}), nil},
		{"hop limit unknown at preview", template(set(hardened, unknownValue{}, "httpPutResponseHopLimit")), nil},
		{"options unknown at preview", template(unknownValue{}), nil},
		{"hop limit 2", template(set(hardened, 2, "httpPutResponseHopLimit")),
			[]string{"metadataOptions.httpPutResponseHopLimit is 2, not 1"}},
		{"IMDSv1 allowed", template(set(hardened, "optional", "httpTokens")),
			[]string{`metadataOptions.httpTokens is "optional", not "required"`}},
		{"hop limit left to the AMI", template(set(hardened, nil, "httpPutResponseHopLimit")),
			[]string{"metadataOptions.httpPutResponseHopLimit is unset, not 1"}},
		{"no metadata options at all", template(nil),
			[]string{`httpTokens is unset, not "required"`, "httpPutResponseHopLimit is unset, not 1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, LaunchTemplateMetadata(tc.template))
		})
	}
}

func TestLaunchTemplateMetadataPolicyRefusesHopLimitTwoThroughTheEngine(t *testing.T) {
	pack, err := Pack("prod")
	require.NoError(t, err)
	p, ok := enginePolicy(t, pack, "launch-template-imds").(policyx.ResourceValidationPolicy)
	require.True(t, ok, "launch-template-imds validates resources")
	assert.Equal(t, policyx.EnforcementLevelMandatory, p.EnforcementLevel())

	validate := func(hops int) []Finding {
		m := &fakeManager{}
		require.NoError(t, p.Validate(t.Context(), policyx.ResourceValidationArgs{Manager: m, Resource: policyx.AnalyzerResource{
			Type: TypeLaunchTemplate, URN: "urn:lt", Properties: props(map[string]any{
				"metadataOptions": map[string]any{"httpTokens": "required", "httpPutResponseHopLimit": hops},
			}),
		}}))
		return m.reports
	}
	assert.Empty(t, validate(1), "hop limit 1 passes")
	if reports := validate(2); assert.Len(t, reports, 1, "hop limit 2 is refused") {
		assert.Equal(t, "urn:lt", reports[0].URN)
		assert.Contains(t, reports[0].Message, "httpPutResponseHopLimit is 2")
	}
}
