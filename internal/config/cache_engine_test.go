package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCacheEngineDefaultsToValkeyAndTheVersionFollowsIt(t *testing.T) {
	cases := []struct {
		name          string
		cache         string // the stack's ip-platform:cache; empty leaves the key unset
		engine, wants string
	}{
		{"unset", "", "valkey", "8.1"},
		{"redis named", `{"engine":"redis"}`, "redis", "7.1"},
		{"valkey named", `{"engine":"valkey"}`, "valkey", "8.1"},
		{"valkey pinned", `{"engineVersion":"7.2"}`, "valkey", "7.2"},
		{"redis pinned", `{"engine":"redis","engineVersion":"7.0"}`, "redis", "7.0"},
		{"valkey newest", `{"engine":"valkey","engineVersion":"8.2"}`, "valkey", "8.2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			values := validProd()
			if tc.cache != "" {
				values = with(values, map[string]string{"ip-platform:cache": tc.cache})
			}
			cfg, err := parse(values)
			require.NoError(t, err)
			assert.Equal(t, tc.engine, cfg.Cache.Engine)
			assert.Equal(t, tc.wants, cfg.Cache.EngineVersion, "the version a stack gets for %s", tc.cache)
		})
	}
}

func TestEveryEnvironmentDefaultsToValkey(t *testing.T) {
	for _, env := range []Environment{Dev, Staging, Prod} {
		assert.Equal(t, "valkey", dataProfileFor(env).cache.Engine, "%s cache engine", env)
	}
}
