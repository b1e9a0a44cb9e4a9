package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const prodCluster = `"version":"1.36","adminRoleArn":"arn:aws:iam::111122223333:role/platform-admin"`

func TestSupportTypeIsStandardUnlessTheStackSaysOtherwise(t *testing.T) {
	for _, env := range Environments {
		t.Run(string(env), func(t *testing.T) {
			zones := `["eu-west-1a","eu-west-1b","eu-west-1c"]`
			cfg, err := parse(with(validProd(), map[string]string{
				"ip-platform:environment": string(env), "ip-platform:availabilityZones": zones,
			}))
			require.NoError(t, err)
			assert.Equal(t, SupportStandard, cfg.Cluster.SupportType,
				"%s: a cluster must not drift into extended support (six times the price) by default", env)
		})
	}

	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:cluster": `{` + prodCluster + `,"upgradePolicy":{"supportType":"EXTENDED"}}`,
	}))
	require.NoError(t, err)
	assert.Equal(t, SupportExtended, cfg.Cluster.SupportType, "a stack may opt into extended support on purpose")
}

func TestAmiFamilyIsAL2023UnlessThePoolChoosesBottlerocket(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:nodePools": `[{"name":"system","instanceTypes":["m6i.large"],"minSize":3,"maxSize":6},
			{"name":"batch","instanceTypes":["c7g.xlarge"],"minSize":0,"maxSize":10,"amiFamily":"bottlerocket"}]`,
	}))
	require.NoError(t, err)
	require.Len(t, cfg.NodePools, 2)
	assert.Equal(t, AmiFamilyAL2023, cfg.NodePools[0].AmiFamily, "a pool without amiFamily runs Amazon Linux 2023")
	assert.Equal(t, AmiFamilyBottlerocket, cfg.NodePools[1].AmiFamily)

	for _, env := range Environments {
		for _, pool := range profileFor(env).nodePools {
			assert.Equal(t, AmiFamilyAL2023, pool.AmiFamily, "%s profile pool %s", env, pool.Name)
		}
	}
}

func TestBadSupportTypeOrAmiFamilyIsNamedByKey(t *testing.T) {
	pools := func(family string) string {
		return `[{"name":"system","instanceTypes":["m6i.large"],"minSize":3,"maxSize":6,"amiFamily":` + family + `}]`
	}
	cases := []struct {
		desc     string
		values   map[string]string
		key      string
		fragment string
	}{
		{"support type in lower case", map[string]string{"ip-platform:cluster": `{` + prodCluster + `,"upgradePolicy":{"supportType":"extended"}}`},
			"ip-platform:cluster.upgradePolicy.supportType", `must be one of STANDARD (upgraded automatically when standard support ends), EXTENDED (extended support, six times the hourly price), got "extended"`},
		{"unknown support type", map[string]string{"ip-platform:cluster": `{` + prodCluster + `,"upgradePolicy":{"supportType":"LTS"}}`},
			"ip-platform:cluster.upgradePolicy.supportType", `got "LTS"`},
		{"misspelt upgrade policy field", map[string]string{"ip-platform:cluster": `{` + prodCluster + `,"upgradePolicy":{"support":"STANDARD"}}`},
			"ip-platform:cluster.upgradePolicy.support", "is not a known key; allowed: supportType"},
		{"upgrade policy not an object", map[string]string{"ip-platform:cluster": `{` + prodCluster + `,"upgradePolicy":"STANDARD"}`},
			"ip-platform:cluster.upgradePolicy", "must be an object"},
		{"AMI type instead of family", map[string]string{"ip-platform:nodePools": pools(`"AL2023_x86_64_STANDARD"`)},
			"ip-platform:nodePools[0].amiFamily", `must be one of al2023, bottlerocket, got "AL2023_x86_64_STANDARD"`},
		{"unknown AMI family", map[string]string{"ip-platform:nodePools": pools(`"ubuntu"`)},
			"ip-platform:nodePools[0].amiFamily", `must be one of al2023, bottlerocket, got "ubuntu"`},
		{"AMI family not a string", map[string]string{"ip-platform:nodePools": pools(`2023`)},
			"ip-platform:nodePools[0].amiFamily", "must be a string"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := parse(with(validProd(), tc.values))
			assert.Contains(t, problemNaming(t, err, tc.key), tc.fragment)
		})
	}
}
