package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAccessorsNeverPanicOnMissingOrUnknownValues(t *testing.T) {
	m := props(map[string]any{
		"str": "x", "flag": "true", "num": 3, "unknown": unknownValue{},
		"nested": map[string]any{"unknown": unknownValue{}}, "list": []any{"a", unknownValue{}, 2},
	})
	assert.True(t, get(m, "nothing", "at", "all").missing)
	assert.True(t, get(m, "str", "deeper").missing, "a string has no fields")
	assert.True(t, get(m, "unknown", "deeper").unknown, "below an unknown value everything is unknown")
	assert.True(t, get(m, "nested", "unknown").unknown)
	assert.True(t, get(m, "flag").isTrue(), `"true" strings count as booleans`)
	assert.False(t, get(m, "unknown").isTrue())
	assert.False(t, get(m, "unknown").isFalse(), "an unknown value is neither true nor false")
	n, ok := get(m, "num").number()
	assert.True(t, ok)
	assert.Equal(t, 3.0, n)
	assert.Equal(t, []string{"a", "2"}, get(m, "list").strings())
	assert.True(t, get(m, "list").hasUnknownElement())
	assert.Empty(t, get(m, "missing").maps())
	assert.Empty(t, get(m, "unknown").stringMap())
}

func TestEnvironmentComesFromTagsThenProviderThenStack(t *testing.T) {
	tagged := Resource{Properties: props(map[string]any{"tags": map[string]any{"environment": "staging"}})}
	assert.Equal(t, "staging", tagged.Environment("prod"), "the resource's own tag wins")

	viaProvider := Resource{
		ProviderProperties: props(map[string]any{"defaultTags": map[string]any{"tags": map[string]any{"environment": "prod"}}}),
	}
	assert.Equal(t, "prod", viaProvider.Environment("dev"), "then the provider's default tags")

	jsonProvider := Resource{ProviderProperties: props(map[string]any{"defaultTags": `{"tags":{"environment":"prod"}}`})}
	assert.Equal(t, "prod", jsonProvider.Environment("dev"), "provider inputs may arrive JSON-encoded")

	k8s := Resource{URN: "urn:pulumi:staging::ip-platform::kubernetes:core/v1:Namespace::ns"}
	assert.Equal(t, "dev", k8s.Environment("dev"), "Kubernetes objects take the stack name")
	assert.Equal(t, "staging", k8s.Environment(""), "or the stack of their URN")
}
