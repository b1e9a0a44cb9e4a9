package plan

import (
	"bytes"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/policies/baseline"
)

func TestPolicyResourcesResolveEachResourcesProvider(t *testing.T) {
	const providerURN = "urn:pulumi:prod::ip-platform::pulumi:providers:aws::aws"
	recorded := []offline.Resource{
		{Type: baseline.TypeAWSProvider, Name: "aws", URN: providerURN, Inputs: resource.NewPropertyMapFromMap(map[string]any{
			"defaultTags": map[string]any{"tags": map[string]any{"environment": "prod"}},
		})},
		{Type: baseline.TypeRDSInstance, Name: "db", URN: "urn:pulumi:prod::ip-platform::aws:rds/instance:Instance::db",
			Provider: providerURN + "::aws-id", Inputs: resource.NewPropertyMapFromMap(map[string]any{"multiAz": false})},
		{Type: baseline.TypeNamespace, Name: "ns", URN: "urn:pulumi:prod::ip-platform::kubernetes:core/v1:Namespace::ns"},
	}
	got := PolicyResources(recorded)
	require.Len(t, got, 3)
	assert.Equal(t, "prod", got[1].Environment("other-stack"), "the database's environment comes from its provider's default tags")
	assert.Equal(t, 0, got[2].ProviderProperties.Len(), "the default provider has no inputs to read")
}

func TestPolicyReportCountsMandatoryViolations(t *testing.T) {
	var out bytes.Buffer
	violations := []baseline.Violation{
		{Policy: "rds-baseline", Enforcement: baseline.Policies()[0].Enforcement, URN: "urn:db", Type: baseline.TypeRDSInstance, Name: "db", Message: "publiclyAccessible is true"},
		{Policy: "instance-class-allowlist", Enforcement: baseline.InstanceClassPolicy().Enforcement, URN: "urn:db", Name: "db", Message: "db.x2g.16xlarge is not in the dev allow-list"},
	}
	mandatory, err := WritePolicyReport(&out, &Result{Project: "ip-platform", Stack: "dev"}, violations)
	require.NoError(t, err)
	assert.Equal(t, 1, mandatory)
	assert.Contains(t, out.String(), "[mandatory]  rds-baseline  aws:rds/instance:Instance db")
	assert.Contains(t, out.String(), "[advisory]  instance-class-allowlist")
	assert.Contains(t, out.String(), "Policy violations: 1 mandatory, 1 advisory")
}
