package baseline

import (
	"fmt"
	"maps"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// defaultRequiredTags are the tags every AWS resource ends up with through the provider's default
// tags: they are how Cost Explorer splits the bill and how an operator finds a resource's stack.
func defaultRequiredTags() []string { return []string{"project", "environment", "stack", "managed-by"} }

// RequiredTagsPolicy: every taggable AWS resource ends up with the project-wide tags (its own
// merged over its provider's default tags) and a readable Name of its own.
func RequiredTagsPolicy() Policy {
	return Policy{
		Name:        "required-tags",
		Description: "Taggable AWS resources carry project, environment, stack and managed-by (usually from the provider's default tags) and a Name tag.",
		Enforcement: policyx.EnforcementLevelMandatory,
		Schema: &policyx.ConfigSchema{Properties: map[string]map[string]any{
			"tags": {
				"type": "array", "items": map[string]any{"type": "string"},
				"default":     schemaStrings(defaultRequiredTags()),
				"description": "Tags required besides Name, from the resource or its provider's default tags.",
			},
		}},
		CheckResource: func(r Resource, _ string, config map[string]any) []string {
			if !Taggable(r.Type) {
				return nil
			}
			return RequiredTags(r.Properties, r.ProviderProperties, configStrings(config, "tags", defaultRequiredTags()))
		},
	}
}

// RequiredTags judges the tags a resource ends up with: its own merged over its provider's default
// tags. Name must be the resource's own (a default Name would name everything alike).
func RequiredTags(props, provider property.Map, required []string) []string {
	own := get(props, "tags")
	if own.unknown || get(provider, "defaultTags").unknown {
		return nil
	}
	tags := defaultTags(provider)
	maps.Copy(tags, own.stringMap())
	var missing []string
	for _, key := range required {
		if tags[key] == "" {
			missing = append(missing, key)
		}
	}
	if own.stringMap()["Name"] == "" {
		missing = append(missing, "Name")
	}
	if len(missing) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("missing tags %s (the AWS provider's default tags give project, environment, stack and managed-by; tags.Name gives Name)", strings.Join(missing, ", "))}
}
