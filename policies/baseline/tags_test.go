package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRequiredTags(t *testing.T) {
	provider := props(map[string]any{"defaultTags": map[string]any{"tags": map[string]any{
		"project": "ip-platform", "environment": "prod", "stack": "prod", "managed-by": "pulumi",
	}}})
	named := props(map[string]any{"tags": map[string]any{"Name": "ip-platform-prod-db"}})
	required := defaultRequiredTags()

	assert.Empty(t, RequiredTags(named, provider, required), "Name of its own, the rest from the provider")
	assertMessages(t, []string{"missing tags Name"}, RequiredTags(props(map[string]any{}), provider, required))
	assertMessages(t, []string{"missing tags project, environment, stack, managed-by"}, RequiredTags(named, props(map[string]any{}), required))
	assert.Empty(t, RequiredTags(props(map[string]any{"tags": unknownValue{}}), provider, required), "judged once known")

	p := RequiredTagsPolicy()
	assert.Empty(t, p.CheckResource(Resource{Type: "aws:ec2/route:Route", Properties: props(map[string]any{})}, "prod", nil), "routes take no tags")
	assert.Empty(t, p.CheckResource(Resource{Type: TypeNamespace, Properties: props(map[string]any{})}, "prod", nil), "not an AWS resource")
	assert.Len(t, p.CheckResource(Resource{Type: TypeRDSInstance, Properties: props(map[string]any{}), ProviderProperties: provider}, "prod", nil), 1)
}

func TestUntaggableTypesAreAWSTypesListedOnce(t *testing.T) {
	seen := map[string]bool{}
	for _, typ := range UntaggableTypes() {
		assert.Regexp(t, `^aws:[a-z0-9]+/[a-zA-Z0-9]+:[A-Z][a-zA-Z0-9]+$`, typ)
		assert.False(t, seen[typ], "%s listed twice", typ)
		seen[typ] = true
		assert.False(t, Taggable(typ))
	}
	assert.True(t, Taggable(TypeRDSInstance))
	assert.False(t, Taggable(TypeDeployment), "only AWS resources take AWS tags")
}
