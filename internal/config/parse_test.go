package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/eksversions"
)

// validProd is a complete, valid prod configuration; each bad case changes one thing.
func validProd() map[string]string {
	return map[string]string{
		"ip-platform:environment":       "prod",
		"ip-platform:region":            "eu-west-1",
		"ip-platform:availabilityZones": `["eu-west-1a","eu-west-1b","eu-west-1c"]`,
		"ip-platform:vpcCidr":           "10.40.0.0/16",
		"ip-platform:cluster":           `{"version":"1.36","adminRoleArn":"arn:aws:iam::111122223333:role/platform-admin"}`,
		"ip-platform:nodePools": `[{"name":"system","instanceTypes":["m6i.large"],"minSize":3,"maxSize":6},
			{"name":"batch","instanceTypes":["c7g.xlarge"],"capacityType":"SPOT","minSize":0,"maxSize":10}]`,
		"ip-platform:accountId": "111122223333",
		"ip-platform:services":  validServices,
		"ip-platform:gateway":   `{"domain":"api.prod.ip-platform.example.com","hostedZoneId":"Z0123456789ABCDEFGHIJ"}`,
		"aws:region":            "eu-west-1", // other namespaces are not ours to police
		// Run ids, which staging's tests need (they are on there) and the other environments ignore.
		"ip-platform:loadTest":     `{"runId":"test-run"}`,
		"ip-platform:securityScan": `{"runId":"test-run"}`,
	}
}

func with(base map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		if v == "<unset>" {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// problemNaming returns the problem of a rejected configuration that names key, failing the test
// when the configuration was accepted or no problem names key.
func problemNaming(t *testing.T, err error, key string) string {
	t.Helper()
	var cfgErr *Error
	require.ErrorAs(t, err, &cfgErr, "the configuration should have been rejected")
	var found string
	for _, p := range cfgErr.Problems {
		if strings.HasPrefix(p, key+" ") {
			found = p
		}
	}
	require.NotEmpty(t, found, "no problem names %s; got %v", key, cfgErr.Problems)
	return found
}

func parse(values map[string]string) (*Config, error) {
	return Parse(Input{Project: "ip-platform", Stack: "prod", Values: values})
}

func TestParseValidProdFillsProfileDefaults(t *testing.T) {
	cfg, err := parse(validProd())
	require.NoError(t, err)

	assert.Equal(t, Prod, cfg.Environment)
	assert.Equal(t, "ip-platform-prod", cfg.ClusterName())
	assert.Equal(t, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}, cfg.AvailabilityZones)
	assert.Equal(t, NatGatewaysPerAz, cfg.Network.NatGateways, "prod profile gives a NAT gateway per zone")
	assert.True(t, cfg.Network.InterfaceEndpoints)
	assert.Equal(t, 365, cfg.Network.FlowLogRetentionDays)
	assert.Equal(t, 365, cfg.Cluster.LogRetentionDays)
	assert.False(t, cfg.Cluster.EndpointPublicAccess, "the API endpoint is private unless a stack opens it")

	require.Len(t, cfg.NodePools, 2)
	system := cfg.NodePools[0]
	assert.Equal(t, 3, system.DesiredSize, "desiredSize defaults to minSize")
	assert.Equal(t, OnDemand, system.CapacityType)
	assert.Equal(t, 1, system.MaxUnavailable)
	assert.Equal(t, 50, system.DiskSizeGiB)
	assert.Equal(t, Spot, cfg.NodePools[1].CapacityType)
}

func TestParseDevUsesTheCheapProfile(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:environment":       "dev",
		"ip-platform:availabilityZones": `["eu-west-1a","eu-west-1b"]`,
		"ip-platform:nodePools":         "<unset>",
		"ip-platform:cluster":           `{"adminRoleArn":"arn:aws:iam::111122223333:role/platform-admin"}`,
	}))
	require.NoError(t, err)

	assert.Equal(t, NatGatewaysSingle, cfg.Network.NatGateways)
	assert.False(t, cfg.Network.InterfaceEndpoints)
	assert.Equal(t, DefaultKubernetesVersion, cfg.Cluster.Version)
	require.Len(t, cfg.NodePools, 1, "dev gets the profile's single pool")
	assert.Equal(t, "general", cfg.NodePools[0].Name)
}

func TestStackFileOverridesProfile(t *testing.T) {
	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:environment": "staging",
		"ip-platform:network":     `{"natGateways":"single","interfaceEndpoints":false,"flowLogRetentionDays":14}`,
		"ip-platform:cluster":     `{"adminRoleArn":"arn:aws:iam::111122223333:role/platform-admin","endpointPublicAccess":true,"publicAccessCidrs":["203.0.113.0/24"],"addonVersions":{"coredns":"v1.11.4-eksbuild.2"}}`,
	}))
	require.NoError(t, err)

	assert.Equal(t, Network{NatGateways: NatGatewaysSingle, InterfaceEndpoints: false, FlowLogRetentionDays: 14}, cfg.Network)
	assert.True(t, cfg.Cluster.EndpointPublicAccess)
	assert.Equal(t, []string{"203.0.113.0/24"}, cfg.Cluster.PublicAccessCidrs)
	assert.Equal(t, 30, cfg.Cluster.LogRetentionDays, "fields the stack leaves out keep the profile's value")
	assert.Equal(t, "v1.11.4-eksbuild.2", cfg.Cluster.AddonVersions["coredns"], "the stack's own add-on pin wins over the version table's")
}

func TestAddonVersionsComeFromTheVersionTableOfTheStacksMinor(t *testing.T) {
	for _, version := range eksversions.Versions() {
		cfg, err := parse(with(validProd(), map[string]string{
			"ip-platform:cluster": `{"version":"` + version + `","adminRoleArn":"arn:aws:iam::111122223333:role/platform-admin"}`,
		}))
		require.NoError(t, err)
		m, _ := eksversions.Lookup(version)
		assert.Equal(t, m.Addons, cfg.Cluster.AddonVersions, "cluster.version %s pins its row's add-ons", version)
	}
}

func TestEmptyStructuredDefaultsMeanProfile(t *testing.T) {
	// Pulumi.yaml declares {} and [] as the project defaults of the structured keys.
	cfg, err := parse(with(validProd(), map[string]string{
		"ip-platform:network": "{}", "ip-platform:nodePools": "[]",
	}))
	require.NoError(t, err)
	assert.Equal(t, profileFor(Prod).nodePools, cfg.NodePools)
	assert.Equal(t, profileFor(Prod).network, cfg.Network)
}

func TestParseRejectsBadInput(t *testing.T) {
	pools := func(pool string) map[string]string {
		return map[string]string{"ip-platform:nodePools": `[{"name":"system","instanceTypes":["m6i.large"],"minSize":3,"maxSize":6},` + pool + `]`}
	}
	cases := []struct {
		name    string
		changes map[string]string
		key     string // the key path the message must name
		allowed string // what the message must say is allowed
	}{
		{"unknown environment", map[string]string{"ip-platform:environment": "qa"}, "ip-platform:environment", "must be one of dev, staging, prod, got \"qa\""},
		{"missing environment", map[string]string{"ip-platform:environment": "<unset>"}, "ip-platform:environment", "is required"},
		{"missing region", map[string]string{"ip-platform:region": "<unset>"}, "ip-platform:region", "is required"},
		{"malformed region", map[string]string{"ip-platform:region": "Europe"}, "ip-platform:region", "AWS region name"},
		{"missing zones", map[string]string{"ip-platform:availabilityZones": "<unset>"}, "ip-platform:availabilityZones", "is required"},
		{"zones not a list", map[string]string{"ip-platform:availabilityZones": "eu-west-1a"}, "ip-platform:availabilityZones", "structured YAML"},
		{"zone not in region", map[string]string{"ip-platform:availabilityZones": `["eu-west-1a","eu-west-1b","us-east-1c"]`}, "ip-platform:availabilityZones[2]", "zone of region eu-west-1"},
		{"repeated zone", map[string]string{"ip-platform:availabilityZones": `["eu-west-1a","eu-west-1b","eu-west-1a"]`}, "ip-platform:availabilityZones[2]", "each zone must appear once"},
		{"too few zones for prod", map[string]string{"ip-platform:availabilityZones": `["eu-west-1a","eu-west-1b"]`}, "ip-platform:availabilityZones", "at least 3 zones for prod"},
		{"malformed cidr", map[string]string{"ip-platform:vpcCidr": "10.0.0.0/33"}, "ip-platform:vpcCidr", "IPv4 CIDR block"},
		{"ipv6 cidr", map[string]string{"ip-platform:vpcCidr": "fd00::/56"}, "ip-platform:vpcCidr", "IPv4 CIDR block"},
		{"cidr host bits", map[string]string{"ip-platform:vpcCidr": "10.40.0.1/16"}, "ip-platform:vpcCidr", "use 10.40.0.0/16"},
		{"cidr too small", map[string]string{"ip-platform:vpcCidr": "10.40.0.0/24"}, "ip-platform:vpcCidr", "from /16 to /20"},
		{"public cidr", map[string]string{"ip-platform:vpcCidr": "8.8.0.0/16"}, "ip-platform:vpcCidr", "private range"},
		{"single nat in prod", map[string]string{"ip-platform:network": `{"natGateways":"single"}`}, "ip-platform:network.natGateways", "must be perAz in prod"},
		{"unknown nat mode", map[string]string{"ip-platform:network": `{"natGateways":"two"}`}, "ip-platform:network.natGateways", "one of single, perAz"},
		{"bad flow log retention", map[string]string{"ip-platform:network": `{"flowLogRetentionDays":10}`}, "ip-platform:network.flowLogRetentionDays", "CloudWatch Logs retention"},
		{"network not an object", map[string]string{"ip-platform:network": `["perAz"]`}, "ip-platform:network", "must be an object"},
		{"misspelt network field", map[string]string{"ip-platform:network": `{"natGateway":"perAz"}`}, "ip-platform:network.natGateway", "not a known key; allowed: natGateways"},
		{"wrong type boolean", map[string]string{"ip-platform:network": `{"interfaceEndpoints":"yes"}`}, "ip-platform:network.interfaceEndpoints", "true or false"},
		{"unsupported cluster version", map[string]string{"ip-platform:cluster": `{"version":"1.19"}`}, "ip-platform:cluster.version", "must be one of 1.34, 1.35, 1.36 (the minors internal/eksversions pins add-ons for)"},
		{"a minor the version table has no row for", map[string]string{"ip-platform:cluster": `{"version":"1.37","adminRoleArn":"arn:aws:iam::111122223333:role/platform-admin"}`}, "ip-platform:cluster.version", `got "1.37"`},
		{"public endpoint without allow-list", map[string]string{"ip-platform:cluster": `{"endpointPublicAccess":true}`}, "ip-platform:cluster.publicAccessCidrs", "at least one CIDR"},
		{"public endpoint open to all", map[string]string{"ip-platform:cluster": `{"endpointPublicAccess":true,"publicAccessCidrs":["0.0.0.0/0"]}`}, "ip-platform:cluster.publicAccessCidrs[0]", "whole internet"},
		{"allow-list while private", map[string]string{"ip-platform:cluster": `{"publicAccessCidrs":["203.0.113.0/24"]}`}, "ip-platform:cluster.publicAccessCidrs", "endpointPublicAccess is false"},
		{"missing admin role", map[string]string{"ip-platform:cluster": `{"version":"1.36"}`}, "ip-platform:cluster.adminRoleArn", "is required: the IAM role"},
		{"malformed admin role", map[string]string{"ip-platform:cluster": `{"adminRoleArn":"platform-admin"}`}, "ip-platform:cluster.adminRoleArn", "IAM role ARN"},
		{"unknown top-level key", map[string]string{"ip-platform:nodepools": `[]`}, "ip-platform:nodepools", "not a known key; allowed: environment, region"},
		{"no node pools", map[string]string{"ip-platform:nodePools": `[{"name":"x","instanceTypes":["m6i.large"],"minSize":0,"maxSize":0}]`}, "ip-platform:nodePools[0].maxSize", "must be >= 1, got 0"},
		{"negative min size", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":-1,"maxSize":2}`), "ip-platform:nodePools[1].minSize", "must be >= 0, got -1"},
		{"max below min", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":3,"maxSize":2}`), "ip-platform:nodePools[1].maxSize", "must be >= minSize (3), got 2"},
		{"desired outside range", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":1,"maxSize":2,"desiredSize":5}`), "ip-platform:nodePools[1].desiredSize", "between minSize (1) and maxSize (2), got 5"},
		{"missing max size", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":1}`), "ip-platform:nodePools[1].maxSize", "is required"},
		{"fractional size", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":1.5,"maxSize":2}`), "ip-platform:nodePools[1].minSize", "whole number"},
		{"unknown instance type format", pools(`{"name":"b","instanceTypes":["large-m6i"],"minSize":1,"maxSize":2}`), "ip-platform:nodePools[1].instanceTypes[0]", "EC2 instance type such as m6i.large"},
		{"no instance types", pools(`{"name":"b","instanceTypes":[],"minSize":1,"maxSize":2}`), "ip-platform:nodePools[1].instanceTypes", "at least one EC2 instance type"},
		{"unknown capacity type", pools(`{"name":"b","instanceTypes":["m6i.large"],"capacityType":"RESERVED","minSize":1,"maxSize":2}`), "ip-platform:nodePools[1].capacityType", "ON_DEMAND, SPOT"},
		{"duplicate pool name", pools(`{"name":"system","instanceTypes":["m6i.large"],"minSize":1,"maxSize":2}`), "ip-platform:nodePools[1].name", "must be unique"},
		{"bad pool name", pools(`{"name":"Batch_Pool","instanceTypes":["m6i.large"],"minSize":1,"maxSize":2}`), "ip-platform:nodePools[1].name", "lower case letters"},
		{"disk too small", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":1,"maxSize":2,"diskSizeGiB":8}`), "ip-platform:nodePools[1].diskSizeGiB", "from 20 to 16384"},
		{"max unavailable zero", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":1,"maxSize":2,"maxUnavailable":0}`), "ip-platform:nodePools[1].maxUnavailable", "from 1 to maxSize (2)"},
		{"bad taint effect", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":1,"maxSize":2,"taints":[{"key":"gpu","value":"true","effect":"NoSchedule"}]}`), "ip-platform:nodePools[1].taints[0].effect", "NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE"},
		{"reserved label prefix", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":1,"maxSize":2,"labels":{"node.kubernetes.io/role":"x"}}`), "ip-platform:nodePools[1].labels.node.kubernetes.io/role", "reserved for Kubernetes"},
		{"misspelt pool field", pools(`{"name":"b","instanceTypes":["m6i.large"],"minSize":1,"maxSize":2,"maxsize":3}`), "ip-platform:nodePools[1].maxsize", "not a known key"},
		{"prod without zone-resilient pool", map[string]string{"ip-platform:nodePools": `[{"name":"spot","instanceTypes":["m6i.large"],"capacityType":"SPOT","minSize":3,"maxSize":6}]`}, "ip-platform:nodePools", "ON_DEMAND pool with minSize >= 3"},
	}
	require.GreaterOrEqual(t, len(cases), 25)
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

func TestParseReportsEveryProblemAtOnce(t *testing.T) {
	_, err := parse(with(validProd(), map[string]string{
		"ip-platform:region":  "<unset>",
		"ip-platform:vpcCidr": "<unset>",
		"ip-platform:network": `{"natGateways":"two","flowLogRetentionDays":2}`,
	}))
	var cfgErr *Error
	require.ErrorAs(t, err, &cfgErr)
	assert.Len(t, cfgErr.Problems, 4, "one line per invalid value: %v", cfgErr.Problems)
}
