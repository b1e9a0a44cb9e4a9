package registry

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

const (
	repoType      = "aws:ecr/repository:Repository"
	lifecycleType = "aws:ecr/lifecyclePolicy:LifecyclePolicy"
	keyType       = "aws:kms/key:Key"
	aliasType     = "aws:kms/alias:Alias"
)

func prodArgs() *RegistryArgs {
	return &RegistryArgs{
		Prefix:             "ip-platform/prod",
		Services:           []string{"trademark", "copyright", "recommendation"},
		KeepTaggedImages:   100,
		UntaggedExpiryDays: 7,
	}
}

func run(t *testing.T, args *RegistryArgs) (*offline.Mocks, *Registry) {
	t.Helper()
	var r *Registry
	m, err := offline.Run(offline.Program{Region: "us-east-1"}, func(ctx *pulumi.Context) error {
		var err error
		r, err = NewRegistry(ctx, "reg", args)
		return err
	})
	require.NoError(t, err)
	return m, r
}

func TestEachServiceGetsAScannedImmutableKMSEncryptedRepository(t *testing.T) {
	m, _ := run(t, prodArgs())
	key, ok := m.Named(keyType, "reg-ecr")
	require.True(t, ok, "no KMS key for the repositories")
	assert.Equal(t, true, key.Input("enableKeyRotation"), "the key must rotate")
	assert.Equal(t, 30.0, key.Input("deletionWindowInDays"))
	alias, ok := m.Named(aliasType, "reg-ecr")
	require.True(t, ok)
	assert.Equal(t, "alias/ip-platform-prod-ecr", alias.Input("name"))

	repos := m.OfType(repoType)
	require.Len(t, repos, 3)
	for _, service := range []string{"trademark", "copyright", "recommendation"} {
		repo, ok := m.Named(repoType, "reg-"+service)
		require.True(t, ok, "no repository for %s", service)
		assert.Equal(t, "ip-platform/prod/"+service, repo.Input("name"))
		assert.Equal(t, true, repo.Input("imageScanningConfiguration.scanOnPush"), "%s must scan on push", service)
		assert.Equal(t, "IMMUTABLE", repo.Input("imageTagMutability"), "%s: a tag must never move", service)
		assert.Equal(t, "KMS", repo.Input("encryptionConfigurations[0].encryptionType"))
		assert.Equal(t, "arn:aws:kms:us-east-1:123456789012:key/reg-ecr", repo.Input("encryptionConfigurations[0].kmsKey"),
			"%s must be encrypted with the registry's own key", service)
		assert.Equal(t, false, repo.Input("forceDelete"), "images survive a destroy by default")
	}
}

func TestLifecyclePolicyKeepsTaggedAndExpiresUntagged(t *testing.T) {
	m, _ := run(t, prodArgs())
	policies := m.OfType(lifecycleType)
	require.Len(t, policies, 3, "one lifecycle policy per repository")
	p, ok := m.Named(lifecycleType, "reg-trademark")
	require.True(t, ok)
	assert.Equal(t, "ip-platform/prod/trademark", p.Input("repository"))

	var doc struct {
		Rules []struct {
			RulePriority int
			Selection    struct {
				TagStatus      string
				TagPatternList []string
				CountType      string
				CountUnit      string
				CountNumber    int
			}
			Action struct{ Type string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(p.Input("policy").(string)), &doc))
	require.Len(t, doc.Rules, 2)
	untagged, tagged := doc.Rules[0], doc.Rules[1]
	assert.Equal(t, 1, untagged.RulePriority)
	assert.Equal(t, "untagged", untagged.Selection.TagStatus)
	assert.Equal(t, "sinceImagePushed", untagged.Selection.CountType)
	assert.Equal(t, "days", untagged.Selection.CountUnit)
	assert.Equal(t, 7, untagged.Selection.CountNumber, "untagged images expire after UntaggedExpiryDays")
	assert.Equal(t, 2, tagged.RulePriority)
	assert.Equal(t, "tagged", tagged.Selection.TagStatus)
	assert.Equal(t, []string{"*"}, tagged.Selection.TagPatternList, "every tag counts, whatever its naming scheme")
	assert.Equal(t, "imageCountMoreThan", tagged.Selection.CountType)
	assert.Equal(t, 100, tagged.Selection.CountNumber, "the newest KeepTaggedImages tagged images stay")
	assert.Equal(t, "expire", tagged.Action.Type)
}

func TestDefaultsAndForceDelete(t *testing.T) {
	args := &RegistryArgs{Prefix: "ip-platform/dev", Services: []string{"trademark"}, ForceDelete: true}
	m, _ := run(t, args)
	repo, ok := m.Named(repoType, "reg-trademark")
	require.True(t, ok)
	assert.Equal(t, true, repo.Input("forceDelete"))
	p, _ := m.Named(lifecycleType, "reg-trademark")
	policy, _ := p.Input("policy").(string)
	assert.Contains(t, policy, `"countNumber":30`, "30 tagged images by default")
	assert.Contains(t, policy, `"countNumber":7`, "untagged images expire after 7 days by default")
	assert.Zero(t, args.KeepTaggedImages, "defaults must be filled on a copy")
}

func TestRepositoryURLsByService(t *testing.T) {
	_, r := run(t, prodArgs())
	urls, err := internals.UnsafeAwaitOutput(context.Background(), r.RepositoryURLs)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"trademark":      "123456789012.dkr.ecr.us-east-1.amazonaws.com/ip-platform/prod/trademark",
		"copyright":      "123456789012.dkr.ecr.us-east-1.amazonaws.com/ip-platform/prod/copyright",
		"recommendation": "123456789012.dkr.ecr.us-east-1.amazonaws.com/ip-platform/prod/recommendation",
	}, urls.Value)
}

func TestChildrenAreParentedAndPrefixed(t *testing.T) {
	m, _ := run(t, prodArgs())
	comps := m.OfType("ip-platform:registry:Registry")
	require.Len(t, comps, 1)
	for _, r := range m.Resources() {
		if r.URN == comps[0].URN {
			continue
		}
		assert.True(t, strings.HasPrefix(r.Name, "reg-"), "%s %s does not start with the component name", r.Type, r.Name)
		assert.Equal(t, comps[0].URN, r.Parent, "%s %s must be the registry's child", r.Type, r.Name)
	}
}

func TestBadArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*RegistryArgs)
		fragment string
	}{
		{"upper-case prefix", func(a *RegistryArgs) { a.Prefix = "IP-Platform/prod" }, "Prefix"},
		{"prefix with trailing slash", func(a *RegistryArgs) { a.Prefix = "ip-platform/" }, "Prefix"},
		{"no services", func(a *RegistryArgs) { a.Services = nil }, "Services must name at least one service"},
		{"service with slash", func(a *RegistryArgs) { a.Services[1] = "copy/right" }, "Services[1]"},
		{"duplicate service", func(a *RegistryArgs) { a.Services[2] = "trademark" }, "Services[2] repeats \"trademark\""},
		{"negative keep", func(a *RegistryArgs) { a.KeepTaggedImages = -1 }, "KeepTaggedImages (-1)"},
		{"negative expiry", func(a *RegistryArgs) { a.UntaggedExpiryDays = -3 }, "UntaggedExpiryDays (-3)"},
		{"name too long", func(a *RegistryArgs) { a.Services[0] = strings.Repeat("a", 250) }, "longer than ECR's 256 characters"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := prodArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewRegistry(ctx, "reg", args)
				return err
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "registry reg: ")
			assert.Contains(t, err.Error(), tc.fragment, "the error must name the field")
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}
