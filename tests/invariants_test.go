package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/stackfile"
	"github.com/ip-platform/infra/policies/baseline"
)

func TestProdIsHighlyAvailable(t *testing.T) {
	r := planStack(t, "prod")
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}

	require.Len(t, ofType(r, vpcType), 1)
	for _, tier := range []string{"public", "private", "isolated"} {
		subnets := subnetsOfTier(r, tier)
		var got []string
		for _, s := range subnets {
			got = append(got, s.Input("availabilityZone").(string))
		}
		slices.Sort(got)
		assert.Equal(t, zones, got, "prod needs one %s subnet in each of the three zones", tier)
	}

	nats := ofType(r, natType)
	require.Len(t, nats, 3, "prod runs a NAT gateway per zone")
	natSubnets := map[string]bool{}
	for _, n := range nats {
		natSubnets[n.Input("subnetId").(string)] = true
	}
	assert.Len(t, natSubnets, 3, "each NAT gateway sits in a different zone's public subnet")

	natRoutes := map[string]bool{}
	for _, route := range ofType(r, routeType) {
		if id, ok := route.Input("natGatewayId").(string); ok {
			natRoutes[id] = true
		}
	}
	assert.Equal(t, idsOf(nats), keys(natRoutes), "every NAT gateway carries a zone's private egress")

	clusters := ofType(r, clusterType)
	require.Len(t, clusters, 1)
	c := clusters[0]
	assert.Equal(t, true, c.Input("vpcConfig.endpointPrivateAccess"), "prod API endpoint must be private")
	assert.Equal(t, false, c.Input("vpcConfig.endpointPublicAccess"), "prod API endpoint must not be public")
	assert.Equal(t, idsOf(subnetsOfTier(r, "private")), strs(c.Input("vpcConfig.subnetIds")), "control plane ENIs in every zone's private subnet")

	groups := ofType(r, nodeGroupType)
	require.Len(t, groups, 2)
	for _, g := range groups {
		assert.Equal(t, idsOf(subnetsOfTier(r, "private")), strs(g.Input("subnetIds")), "node group %s must span the three zones", g.Name)
		assert.Equal(t, "ON_DEMAND", g.Input("capacityType"), "prod node group %s", g.Name)
		assert.GreaterOrEqual(t, g.Input("scalingConfig.minSize"), 3.0, "prod node group %s keeps a node per zone", g.Name)
		assert.Equal(t, c.Input("version"), g.Input("version"), "node group %s follows the control plane's version", g.Name)
	}
}

func TestDevRunsASingleNatGateway(t *testing.T) {
	r := planStack(t, "dev")
	nats := ofType(r, natType)
	require.Len(t, nats, 1, "dev saves the cost of a NAT gateway per zone")
	for _, route := range ofType(r, routeType) {
		if id, ok := route.Input("natGatewayId").(string); ok {
			assert.Equal(t, nats[0].Name+"-id", id, "every private route table uses the single NAT gateway")
		}
	}
	assert.Len(t, subnetsOfTier(r, "private"), 2, "dev runs in two zones")
}

func TestEveryStackHasTheClusterEssentials(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)

			c := ofType(r, clusterType)
			require.Len(t, c, 1)
			assert.Equal(t, []any{"secrets"}, c[0].Input("encryptionConfig.resources"), "secrets envelope encryption")
			assert.NotEmpty(t, c[0].Input("encryptionConfig.provider.keyArn"))
			logTypes := strs(c[0].Input("enabledClusterLogTypes"))
			for _, want := range []string{"api", "audit", "authenticator"} {
				assert.Contains(t, logTypes, want, "control-plane log %s", want)
			}
			assert.Equal(t, "API", c[0].Input("accessConfig.authenticationMode"))

			require.Len(t, ofType(r, oidcType), 1, "the IRSA roles External Secrets' SecretStores use need the cluster's OIDC provider")

			var addons []string
			for _, a := range ofType(r, addonType) {
				addons = append(addons, a.Input("addonName").(string))
			}
			want := []string{"aws-ebs-csi-driver", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"}
			if g := stackConfig(t, stack).Security.GuardDuty; g.Enabled && g.RuntimeMonitoring {
				want = append(want, "aws-guardduty-agent") // GuardDuty's runtime agent (tests/security_test.go)
			}
			slices.Sort(addons)
			slices.Sort(want)
			assert.Equal(t, want, addons)

			assert.Len(t, ofType(r, k8sProvider), 1, "one Kubernetes provider built from the cluster")
			assert.NotEmpty(t, ofType(r, nodeGroupType))
			assert.NotEmpty(t, ofType(r, helmReleaseTyp), "node autoscaling is installed")
		})
	}
}

// stackConfig is the validated configuration of a stack file, as the program sees it.
func stackConfig(t *testing.T, stack string) *config.Config {
	t.Helper()
	s, err := stackfile.Load(projectDir, stack, "")
	require.NoError(t, err, "stack file of %s", stack)
	cfg, err := config.Parse(config.Input{Project: s.Project, Stack: s.Name, Values: s.Values})
	require.NoError(t, err, "configuration of %s", stack)
	return cfg
}

func TestEveryAWSResourceUsesATaggedProviderOfItsRegion(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			cfg := stackConfig(t, stack)
			// The stack's region, and the DR region the backups are copied to when there is one.
			wantRegions := []string{cfg.Region}
			if cfg.Backup.DrRegion != "" {
				wantRegions = append(wantRegions, cfg.Backup.DrRegion)
			}

			providers := map[string]offline.Resource{} // by URN
			byRegion := map[string][]string{}
			for _, p := range ofType(r, awsProvider) {
				assert.Equal(t, map[string]any{
					"project": "ip-platform", "environment": stack, "stack": stack, "managed-by": "pulumi",
				}, p.Input("defaultTags.tags"), "AWS provider %s must carry the default tags", p.Name)
				region, _ := p.Input("region").(string)
				assert.NotEmpty(t, region, "AWS provider %s must name its region, not take it from the environment", p.Name)
				byRegion[region] = append(byRegion[region], p.Name)
				providers[p.URN] = p
			}
			for region, names := range byRegion {
				assert.Len(t, names, 1, "exactly one AWS provider per region; %s has %v", region, names)
			}
			assert.ElementsMatch(t, wantRegions, keysOf(byRegion),
				"AWS providers for the stack's region %s (the primary) and the backup DR region only", cfg.Region)
			require.Len(t, byRegion[cfg.Region], 1, "the primary AWS provider must be in the stack's region %s", cfg.Region)

			used := map[string]bool{}
			for _, res := range r.Resources {
				if !res.Custom || !strings.HasPrefix(res.Type, "aws:") {
					continue
				}
				urn := providerURN(res.Provider)
				_, explicit := providers[urn]
				assert.True(t, explicit,
					"%s %s must use one of the explicit providers (default tags), uses %q", res.Type, res.Name, res.Provider)
				used[urn] = true
				if taggable(res.Type) {
					name, _ := res.Input("tags.Name").(string)
					assert.NotEmpty(t, name, "%s %s needs a readable Name tag", res.Type, res.Name)
				}
			}
			for urn, p := range providers {
				assert.True(t, used[urn], "AWS provider %s (%v) manages nothing", p.Name, p.Input("region"))
			}
		})
	}
}

// providerURN is the URN part of a provider reference "<provider urn>::<id>" (URNs contain "::"
// themselves; the ID follows the last one); empty for the default provider.
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i >= 0 {
		return ref[:i]
	}
	return ""
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// taggable reports whether an AWS type takes tags. The list of types that do not is the policy
// pack's (baseline.UntaggableTypes in policies/baseline/untaggable.go): add a type there, and only
// when its API truly takes no tags.
func taggable(typ string) bool { return baseline.Taggable(typ) }

func TestEveryResourceSitsUnderAComponent(t *testing.T) {
	// Children parented to their component show as a tree in previews and move with one alias.
	r := planStack(t, "prod")
	components := map[string]bool{}
	for _, res := range r.Resources {
		if !res.Custom {
			components[res.URN] = true
		}
	}
	for _, res := range r.Resources {
		if !res.Custom || strings.HasPrefix(res.Type, "pulumi:providers:") {
			continue
		}
		assert.True(t, components[res.Parent], "%s %s is not parented to a component", res.Type, res.Name)
	}
}

func TestLogicalNamesAreUniquePerType(t *testing.T) {
	r := planStack(t, "prod")
	seen := map[string]bool{}
	for _, res := range r.Resources {
		id := fmt.Sprintf("%s::%s", res.Type, res.Name)
		assert.False(t, seen[id], "two %s named %s would collide in state", res.Type, res.Name)
		seen[id] = true
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
