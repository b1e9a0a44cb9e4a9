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

func TestRequiredTagsJudgeEachResourceByItsOwnProvider(t *testing.T) {
	// A second provider (the backup DR region) must be resolved like the first: a resource is
	// judged by the default tags of the provider it is created through, not by the first one's.
	const primary = "urn:pulumi:prod::ip-platform::pulumi:providers:aws::aws"
	const dr = "urn:pulumi:prod::ip-platform::pulumi:providers:aws::aws-dr"
	tagged := map[string]any{"tags": map[string]any{"project": "ip-platform", "environment": "prod", "stack": "prod", "managed-by": "pulumi"}}
	vault := func(name, provider string) offline.Resource {
		return offline.Resource{Type: "aws:backup/vault:Vault", Name: name, URN: "urn:pulumi:prod::ip-platform::aws:backup/vault:Vault::" + name,
			Provider: provider + "::" + name + "-provider-id", Inputs: resource.NewPropertyMapFromMap(map[string]any{"tags": map[string]any{"Name": name}})}
	}
	recorded := []offline.Resource{
		{Type: baseline.TypeAWSProvider, Name: "aws", URN: primary, Inputs: resource.NewPropertyMapFromMap(map[string]any{"region": "us-east-1", "defaultTags": tagged})},
		{Type: baseline.TypeAWSProvider, Name: "aws-dr", URN: dr, Inputs: resource.NewPropertyMapFromMap(map[string]any{"region": "us-west-2"})},
		vault("primary-vault", primary),
		vault("dr-vault", dr),
	}
	var flagged []string
	for _, v := range baseline.Evaluate(PolicyResources(recorded), "prod", nil) {
		if v.Policy == "required-tags" {
			flagged = append(flagged, v.Name)
		}
	}
	assert.Equal(t, []string{"dr-vault"}, flagged,
		"only the vault whose own provider lacks the default tags may be flagged")

	recorded[1].Inputs["defaultTags"] = resource.NewObjectProperty(resource.NewPropertyMapFromMap(tagged))
	for _, v := range baseline.Evaluate(PolicyResources(recorded), "prod", nil) {
		assert.NotEqual(t, "required-tags", v.Policy, "%s: both providers carry the default tags", v.Name)
	}
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
