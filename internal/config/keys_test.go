package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEveryTopLevelKeyIsReadByParse(t *testing.T) {
	// A key in the registry that Parse ignored would be accepted and silently do nothing.
	for _, k := range Keys() {
		if !k.TopLevel() {
			continue
		}
		values := with(validProd(), map[string]string{key(k.Name): "{not json"})
		_, err := parse(values)
		if k.Type == "string" {
			continue // strings are taken as they are
		}
		assert.ErrorContains(t, err, key(k.Name), "setting %s to garbage must be reported", k.Name)
	}
}

func TestKeysAreDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keys() {
		assert.False(t, seen[k.Name], "key %s listed twice", k.Name)
		seen[k.Name] = true
		assert.NotEmpty(t, k.Description, "key %s needs a description", k.Name)
		assert.NotEmpty(t, k.Default, "key %s needs its default in words", k.Name)
		types := []string{"string", "integer", "boolean", "array", "object"}
		if !k.TopLevel() {
			types = append(types, "number") // fractional fields live inside objects; Pulumi.yaml has no number type
		}
		assert.Contains(t, types, k.Type, "key %s", k.Name)
		if k.Type == "array" {
			assert.NotEmpty(t, k.Items, "array key %s needs an item type", k.Name)
		}
	}
}
