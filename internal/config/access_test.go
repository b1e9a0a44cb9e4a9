package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const validAccess = `{
	"platformAdminRoleArns": ["arn:aws:iam::111122223333:role/break-glass"],
	"ciDeployerRoleArn": "arn:aws:iam::111122223333:role/ip-platform-ci-deployer",
	"auditorRoleArns": ["arn:aws:iam::111122223333:role/security-auditor"],
	"developers": {
		"trademark": ["arn:aws:iam::111122223333:role/trademark-developers"],
		"copyright": ["arn:aws:iam::111122223333:role/teams/copyright-developers"]
	}
}`

func TestAccessIsReadIntoPersonas(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{"ip-platform:access": validAccess}))
	require.NoError(t, err)
	assert.Equal(t, Access{
		PlatformAdminRoleArns: []string{"arn:aws:iam::111122223333:role/break-glass"},
		CIDeployerRoleArn:     "arn:aws:iam::111122223333:role/ip-platform-ci-deployer",
		AuditorRoleArns:       []string{"arn:aws:iam::111122223333:role/security-auditor"},
		Developers: map[string][]string{
			"trademark": {"arn:aws:iam::111122223333:role/trademark-developers"},
			"copyright": {"arn:aws:iam::111122223333:role/teams/copyright-developers"},
		},
		DeveloperExec: false,
	}, cfg.Access)
}

func TestDeveloperExecIsOffOnlyInProd(t *testing.T) {
	for env, want := range map[string]bool{"dev": true, "staging": true, "prod": false} {
		cfg, err := parse(with(validProd(), map[string]string{"ip-platform:environment": env}))
		require.NoError(t, err)
		assert.Equal(t, want, cfg.Access.DeveloperExec, "developerExec default of %s", env)
	}
	cfg, err := parse(with(validProd(), map[string]string{"ip-platform:environment": "staging", "ip-platform:access": `{"developerExec":false}`}))
	require.NoError(t, err)
	assert.False(t, cfg.Access.DeveloperExec, "staging may turn exec off")
}

func TestNoAccessKeyMeansOnlyTheClusterAdmin(t *testing.T) {
	for _, raw := range []string{"<unset>", "{}"} {
		cfg, err := parse(with(validProd(), map[string]string{"ip-platform:access": raw}))
		require.NoError(t, err)
		assert.Equal(t, Access{}, cfg.Access, "access %s in prod", raw)
	}
}

func TestParseRejectsBadAccess(t *testing.T) {
	access := func(raw string) map[string]string { return map[string]string{"ip-platform:access": raw} }
	cases := []struct {
		name    string
		changes map[string]string
		key     string
		allowed string
	}{
		{"unknown persona", access(`{"operatorRoleArns":["arn:aws:iam::111122223333:role/ops"]}`),
			"ip-platform:access.operatorRoleArns", "is not a known persona; allowed: platformAdminRoleArns, ciDeployerRoleArn, auditorRoleArns, developers, developerExec"},
		{"unknown service", access(`{"developers":{"billing":["arn:aws:iam::111122223333:role/billing-developers"]}}`),
			"ip-platform:access.developers.billing", "is not a known service; allowed: trademark, copyright, recommendation"},
		{"developers as a list", access(`{"developers":["arn:aws:iam::111122223333:role/developers"]}`),
			"ip-platform:access.developers", "must be a map of service names"},
		{"developer roles as a string", access(`{"developers":{"trademark":"arn:aws:iam::111122223333:role/trademark-developers"}}`),
			"ip-platform:access.developers.trademark", "must be a list of strings"},
		{"auditor as a user", access(`{"auditorRoleArns":["arn:aws:iam::111122223333:user/jane"]}`),
			"ip-platform:access.auditorRoleArns[0]", "must be an IAM role ARN"},
		{"assumed-role session", access(`{"ciDeployerRoleArn":"arn:aws:sts::111122223333:assumed-role/ci/run-42"}`),
			"ip-platform:access.ciDeployerRoleArn", "must be an IAM role ARN"},
		{"short account", access(`{"developers":{"copyright":["arn:aws:iam::1111:role/copyright-developers"]}}`),
			"ip-platform:access.developers.copyright[0]", "must be an IAM role ARN"},
		{"bare role name", access(`{"platformAdminRoleArns":["break-glass"]}`),
			"ip-platform:access.platformAdminRoleArns[0]", "must be an IAM role ARN"},
		{"the cluster admin again", access(`{"ciDeployerRoleArn":"arn:aws:iam::111122223333:role/platform-admin"}`),
			"ip-platform:access.ciDeployerRoleArn", "repeats the role of ip-platform:cluster.adminRoleArn"},
		{"one role, two personas", access(`{"auditorRoleArns":["arn:aws:iam::111122223333:role/r"],"developers":{"trademark":["arn:aws:iam::111122223333:role/r"]}}`),
			"ip-platform:access.developers.trademark[0]", "repeats the role of ip-platform:access.auditorRoleArns[0]"},
		{"exec in prod", access(`{"developerExec":true}`),
			"ip-platform:access.developerExec", "must be false in prod"},
		{"access not an object", access(`["arn:aws:iam::111122223333:role/r"]`),
			"ip-platform:access", "must be an object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parse(with(validProd(), tc.changes))
			require.Error(t, err, "a stack with %s must not parse", tc.name)
			assert.Nil(t, cfg)
			assert.Contains(t, err.Error(), tc.key+" ", "the message must name the key path")
			assert.Contains(t, err.Error(), tc.allowed, "the message must say what is wrong")
		})
	}
}
