package cache

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

const (
	paramsType    = "aws:elasticache/parameterGroup:ParameterGroup"
	userType      = "aws:elasticache/user:User"
	userGroupType = "aws:elasticache/userGroup:UserGroup"
)

func TestEngineDecidesVersionFamilyAndDescriptions(t *testing.T) {
	cases := []struct {
		engine, version   string
		wantEngine        string
		family, paramName string
		product           string
	}{
		{"", "8.1", "valkey", "valkey8", "ip-platform-prod-valkey8", "Valkey"},
		{"valkey", "7.2", "valkey", "valkey7", "ip-platform-prod-valkey7", "Valkey"},
		{"valkey", "8.2", "valkey", "valkey8", "ip-platform-prod-valkey8", "Valkey"},
		{"redis", "7.1", "redis", "redis7", "ip-platform-prod-redis7", "Redis"},
		{"redis", "7.0", "redis", "redis7", "ip-platform-prod-redis7", "Redis"},
	}
	for _, tc := range cases {
		t.Run(tc.wantEngine+" "+tc.version, func(t *testing.T) {
			m, _ := run(t, func(a *RedisArgs) { a.Engine, a.EngineVersion = tc.engine, tc.version })
			g := must(t, m, groupType, "cache")
			assert.Equal(t, tc.wantEngine, g.Input("engine"))
			assert.Equal(t, tc.version, g.Input("engineVersion"))

			params := must(t, m, paramsType, "cache")
			assert.Equal(t, tc.family, params.Input("family"), "the family follows engine and major version")
			assert.Equal(t, tc.paramName, params.Input("name"))
			assert.Equal(t, tc.paramName, g.Input("parameterGroupName"))
			assert.Equal(t, tc.product+" ip-platform-prod: cache eviction", params.Input("description"))

			for _, a := range m.OfType(alarmType) {
				assert.True(t, strings.HasPrefix(a.Input("alarmDescription").(string), tc.product+" ip-platform-prod-"),
					"alarm %s names the engine: %s", a.Name, a.Input("alarmDescription"))
			}
			component := must(t, m, "ip-platform:cache:Redis", "cache")
			assert.Equal(t, tc.wantEngine, component.Input("engine"), "the component records its engine in state")
		})
	}
}

// The in-place switch is only safe if nothing but the replication group and its parameter group
// changes identity: same Pulumi names, same physical names of everything created once.
func TestSwitchingToValkeyKeepsEveryResourceButTheParameterGroup(t *testing.T) {
	redis, _ := run(t, func(a *RedisArgs) { a.Engine, a.EngineVersion = "redis", "7.1" })
	valkey, _ := run(t, func(a *RedisArgs) { a.Engine, a.EngineVersion = "valkey", "8.1" })

	names := func(m *offline.Mocks) []string {
		var out []string
		for _, r := range m.Resources() {
			out = append(out, r.URN)
		}
		return out
	}
	assert.ElementsMatch(t, names(redis), names(valkey), "the same resources, so the switch is an update, not a replacement")

	// Physical names and other values fixed at creation: changing one would replace the resource.
	fixed := []struct{ typ, name, input string }{
		{groupType, "cache", "replicationGroupId"},
		{"aws:ec2/securityGroup:SecurityGroup", "cache-sg", "name"},
		{"aws:ec2/securityGroup:SecurityGroup", "cache-sg", "description"},
		{"aws:elasticache/subnetGroup:SubnetGroup", "cache", "name"},
		{"aws:secretsmanager/secret:Secret", "cache-connection", "name"},
		{"aws:kms/alias:Alias", "cache", "name"},
		{"aws:cloudwatch/logGroup:LogGroup", "cache-slow-log", "name"},
		{"aws:cloudwatch/logGroup:LogGroup", "cache-engine-log", "name"},
		{alarmType, "cache-001-evictions", "name"},
		{userType, "cache-app", "userId"},
		{userType, "cache-default", "userId"},
		{userGroupType, "cache", "userGroupId"},
	}
	for _, f := range fixed {
		assert.Equal(t, must(t, redis, f.typ, f.name).Input(f.input), must(t, valkey, f.typ, f.name).Input(f.input),
			"%s %s: %s must not change with the engine", f.typ, f.name, f.input)
	}
	assert.Equal(t, must(t, redis, groupType, "cache").Input("logDeliveryConfigurations"),
		must(t, valkey, groupType, "cache").Input("logDeliveryConfigurations"), "both engines deliver slow log and engine log")
}

func TestRBACStaysOnTheRedisEngineForValkey(t *testing.T) {
	m, _ := run(t, nil)
	require.Equal(t, "valkey", must(t, m, groupType, "cache").Input("engine"))
	for _, u := range m.OfType(userType) {
		assert.Equal(t, "redis", u.Input("engine"),
			"user %s: a Valkey cache accepts redis-engine users, and a redis engine user group is the only kind that may hold the password-less default user", u.Name)
	}
	assert.Equal(t, "redis", must(t, m, userGroupType, "cache").Input("engine"))
	assert.Equal(t, "iam", must(t, m, userType, "cache-app").Input("authenticationMode.type"), "IAM authentication on Valkey too")
}
