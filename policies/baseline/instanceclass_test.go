package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInstanceClasses(t *testing.T) {
	p := InstanceClassPolicy()
	db := func(class string) Resource {
		return Resource{Type: TypeRDSInstance, Properties: props(map[string]any{"instanceClass": class})}
	}
	assert.Empty(t, p.CheckResource(db("db.t4g.medium"), "dev", nil))
	assert.Empty(t, p.CheckResource(db("db.m7g.large"), "prod", nil))
	assertMessages(t, []string{"db.r7g.16xlarge is not in the prod allow-list"}, p.CheckResource(db("db.r7g.16xlarge"), "prod", nil))
	assertMessages(t, []string{"db.m7g.large is not in the dev allow-list"}, p.CheckResource(db("db.m7g.large"), "dev", nil))

	pools := Resource{Type: TypeEKSNodeGroup, Properties: props(map[string]any{"instanceTypes": []any{"t3.large", "p4d.24xlarge"}})}
	assertMessages(t, []string{"p4d.24xlarge"}, p.CheckResource(pools, "dev", nil))

	cache := Resource{Type: TypeReplicationGroup, Properties: props(map[string]any{"nodeType": "cache.r7g.large"})}
	assert.Empty(t, p.CheckResource(cache, "dev", map[string]any{"allowed": map[string]any{"dev": []any{"cache.*"}}}), "allow-lists are configurable")
	assert.Equal(t, "advisory", EnforcementName(p.Enforcement), "a cost guard, not a gate")
}
