package awslimits

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCacheEngineVersionsAndFamilies(t *testing.T) {
	cases := []struct {
		engine, version, family string
		ok                      bool
	}{
		{"valkey", "7.2", "valkey7", true},
		{"valkey", "8.0", "valkey8", true},
		{"valkey", "8.1", "valkey8", true},
		{"valkey", "8.2", "valkey8", true},
		{"redis", "7.0", "redis7", true},
		{"redis", "7.1", "redis7", true},
		{"valkey", "7.1", "", false},    // Valkey starts at 7.2
		{"redis", "7.2", "", false},     // there is no Redis OSS 7.2 on ElastiCache
		{"redis", "6.2", "", false},     // no IAM authentication before Redis OSS 7
		{"valkey", "8", "", false},      // major and minor, as the API spells them
		{"memcached", "1.6", "", false}, // not an engine the platform runs
	}
	for _, tc := range cases {
		family, ok := CacheParameterFamily(tc.engine, tc.version)
		assert.Equal(t, tc.ok, ok, "does %s offer %s", tc.engine, tc.version)
		assert.Equal(t, tc.family, family, "family of %s %s", tc.engine, tc.version)
	}
	assert.Equal(t, []string{"7.2", "8.0", "8.1", "8.2"}, CacheEngineVersions("valkey"))
	assert.Equal(t, "7.0 or 7.1", CacheEngineVersionList("redis"))
	assert.Equal(t, "7.2, 8.0, 8.1 or 8.2", CacheEngineVersionList("valkey"))
	assert.Empty(t, CacheEngineVersions("memcached"))
}

func TestCacheEngines(t *testing.T) {
	assert.Equal(t, []string{"valkey", "redis"}, CacheEngines(), "Valkey is the default, listed first")
	assert.True(t, ValidCacheEngine("valkey"))
	assert.True(t, ValidCacheEngine("redis"))
	assert.False(t, ValidCacheEngine("Valkey"), "the API spelling is lower case")
	assert.False(t, ValidCacheEngine("memcached"))
	assert.Equal(t, "Valkey", CacheEngineName("valkey"))
	assert.Equal(t, "Redis", CacheEngineName("redis"))
}
