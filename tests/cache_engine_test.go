package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Every example stack runs Valkey, the default engine, and keeps the Redis-protocol wiring the
// services already use: port 6379, TLS, IAM through redis-engine RBAC.
func TestEveryStackRunsValkey(t *testing.T) {
	for _, stack := range []string{"dev", "staging", "prod"} {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			group := only(t, r, redisGroupType)
			assert.Equal(t, "valkey", group.Input("engine"), "%s cache engine", stack)
			assert.Equal(t, "8.1", group.Input("engineVersion"), "%s cache version", stack)
			assert.Equal(t, 6379.0, group.Input("port"), "the Redis protocol port, whatever the engine")

			params := only(t, r, "aws:elasticache/parameterGroup:ParameterGroup")
			assert.Equal(t, "valkey8", params.Input("family"), "%s parameter group family follows the engine", stack)
			assert.Equal(t, params.Input("name"), group.Input("parameterGroupName"))

			assert.Equal(t, "redis", only(t, r, "aws:elasticache/userGroup:UserGroup").Input("engine"),
				"a Valkey cache takes a redis-engine user group, the only kind that holds the switched-off default user")
			for _, u := range ofType(r, "aws:elasticache/user:User") {
				assert.Equal(t, "redis", u.Input("engine"), "user %s", u.Name)
			}
		})
	}
}
