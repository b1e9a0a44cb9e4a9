package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGatewayAndRegistryDefaultsFollowTheEnvironment(t *testing.T) {
	cases := []struct {
		env      string
		zones    string
		gateway  Gateway
		registry Registry
	}{
		{"dev", `["eu-west-1a","eu-west-1b"]`,
			Gateway{RateLimitPerFiveMinutes: 1000, AccessLogRetentionDays: 7}, Registry{KeepTaggedImages: 20, UntaggedExpiryDays: 1}},
		{"staging", `["eu-west-1a","eu-west-1b","eu-west-1c"]`,
			Gateway{RateLimitPerFiveMinutes: 10000, AccessLogRetentionDays: 30}, Registry{KeepTaggedImages: 30, UntaggedExpiryDays: 7}},
		{"prod", `["eu-west-1a","eu-west-1b","eu-west-1c"]`,
			Gateway{RateLimitPerFiveMinutes: 2000, AccessLogRetentionDays: 365}, Registry{KeepTaggedImages: 100, UntaggedExpiryDays: 7}},
	}
	for _, tc := range cases {
		t.Run(tc.env, func(t *testing.T) {
			cfg, err := parse(with(validProd(), map[string]string{
				"ip-platform:environment":       tc.env,
				"ip-platform:availabilityZones": tc.zones,
				"ip-platform:nodePools":         "<unset>",
			}))
			require.NoError(t, err)
			want := tc.gateway
			want.Domain, want.HostedZoneID = "api.prod.ip-platform.example.com", "Z0123456789ABCDEFGHIJ"
			assert.Equal(t, want, cfg.Gateway, "gateway settings of %s", tc.env)
			assert.Equal(t, tc.registry, cfg.Registry, "registry settings of %s", tc.env)
		})
	}
}

func TestStackFileOverridesGatewayAndRegistryProfile(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:gateway":  `{"domain":"api.example.org","hostedZoneId":"Z1D633PJN98FT9","rateLimitPerFiveMinutes":500,"accessLogRetentionDays":30}`,
		"ip-platform:registry": `{"keepTaggedImages":50}`,
	}))
	require.NoError(t, err)
	assert.Equal(t, Gateway{Domain: "api.example.org", HostedZoneID: "Z1D633PJN98FT9", RateLimitPerFiveMinutes: 500, AccessLogRetentionDays: 30}, cfg.Gateway)
	assert.Equal(t, Registry{KeepTaggedImages: 50, UntaggedExpiryDays: 7}, cfg.Registry, "fields the stack leaves out keep the profile's value")
}

func TestParseRejectsBadGatewayAndRegistry(t *testing.T) {
	gw := func(fields string) map[string]string {
		return map[string]string{"ip-platform:gateway": `{"domain":"api.prod.ip-platform.example.com","hostedZoneId":"Z0123456789ABCDEFGHIJ",` + fields + `}`}
	}
	cases := []struct {
		name    string
		changes map[string]string
		key     string
		allowed string
	}{
		{"no gateway block", map[string]string{"ip-platform:gateway": "<unset>"}, "ip-platform:gateway.domain", "is required"},
		{"missing zone", map[string]string{"ip-platform:gateway": `{"domain":"api.example.com"}`}, "ip-platform:gateway.hostedZoneId", "is required"},
		{"upper-case domain", map[string]string{"ip-platform:gateway": `{"domain":"API.Example.com","hostedZoneId":"Z1D633PJN98FT9"}`}, "ip-platform:gateway.domain", "lower-case DNS name"},
		{"single-label domain", map[string]string{"ip-platform:gateway": `{"domain":"localhost","hostedZoneId":"Z1D633PJN98FT9"}`}, "ip-platform:gateway.domain", "lower-case DNS name"},
		{"url as domain", map[string]string{"ip-platform:gateway": `{"domain":"https://api.example.com","hostedZoneId":"Z1D633PJN98FT9"}`}, "ip-platform:gateway.domain", "lower-case DNS name"},
		{"label with leading dash", map[string]string{"ip-platform:gateway": `{"domain":"-api.example.com","hostedZoneId":"Z1D633PJN98FT9"}`}, "ip-platform:gateway.domain", "lower-case DNS name"},
		{"zone id without Z", map[string]string{"ip-platform:gateway": `{"domain":"api.example.com","hostedZoneId":"1D633PJN98FT9"}`}, "ip-platform:gateway.hostedZoneId", "Route 53 hosted zone ID"},
		{"zone id as path", map[string]string{"ip-platform:gateway": `{"domain":"api.example.com","hostedZoneId":"/hostedzone/Z1D633PJN98FT9"}`}, "ip-platform:gateway.hostedZoneId", "Route 53 hosted zone ID"},
		{"lower-case zone id", map[string]string{"ip-platform:gateway": `{"domain":"api.example.com","hostedZoneId":"z1d633pjn98ft9"}`}, "ip-platform:gateway.hostedZoneId", "Route 53 hosted zone ID"},
		{"rate limit below WAF minimum", gw(`"rateLimitPerFiveMinutes":9`), "ip-platform:gateway.rateLimitPerFiveMinutes", "from 10 to 2000000000"},
		{"rate limit above WAF maximum", gw(`"rateLimitPerFiveMinutes":2000000001`), "ip-platform:gateway.rateLimitPerFiveMinutes", "from 10 to 2000000000"},
		{"fractional rate limit", gw(`"rateLimitPerFiveMinutes":99.5`), "ip-platform:gateway.rateLimitPerFiveMinutes", "whole number"},
		{"zero log retention", gw(`"accessLogRetentionDays":0`), "ip-platform:gateway.accessLogRetentionDays", "at least 1 day"},
		{"misspelt gateway field", gw(`"rateLimit":100`), "ip-platform:gateway.rateLimit", "not a known key; allowed: domain, hostedZoneId"},
		{"gateway not an object", map[string]string{"ip-platform:gateway": `["api.example.com"]`}, "ip-platform:gateway", "must be an object"},
		{"keep no images", map[string]string{"ip-platform:registry": `{"keepTaggedImages":0}`}, "ip-platform:registry.keepTaggedImages", "from 1 to 10000"},
		{"untagged kept forever", map[string]string{"ip-platform:registry": `{"untaggedExpiryDays":1000}`}, "ip-platform:registry.untaggedExpiryDays", "from 1 to 365"},
		{"misspelt registry field", map[string]string{"ip-platform:registry": `{"keepImages":5}`}, "ip-platform:registry.keepImages", "not a known key; allowed: keepTaggedImages"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parse(with(validProd(), tc.changes))
			require.Error(t, err, "a stack with %s must not parse", tc.name)
			assert.Nil(t, cfg)
			assert.Contains(t, err.Error(), tc.key+" ", "the message must name the key path")
			assert.Contains(t, err.Error(), tc.allowed, "the message must say what is allowed")
		})
	}
}

func TestGatewayBoundsAreAccepted(t *testing.T) {
	for _, limit := range []string{"10", "2000000000"} {
		_, err := parse(with(validProd(), map[string]string{
			"ip-platform:gateway": `{"domain":"api.prod.ip-platform.example.com","hostedZoneId":"Z0123456789ABCDEFGHIJ","rateLimitPerFiveMinutes":` + limit + `}`,
		}))
		assert.NoError(t, err, "WAF accepts a rate limit of %s", limit)
	}
}
