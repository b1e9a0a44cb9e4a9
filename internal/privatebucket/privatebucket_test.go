package privatebucket

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	keyType       = "aws:kms/key:Key"
	bucketType    = "aws:s3/bucketV2:BucketV2"
	blockType     = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	ownershipType = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	sseType       = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	lifecycleType = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	policyType    = "aws:s3/bucketPolicy:BucketPolicy"
)

func build(t *testing.T, a Args) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := New(ctx, "logs", a)
		return err
	})
}

func statements(t *testing.T, m *offline.Mocks) []map[string]any {
	t.Helper()
	var doc struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(offlinetest.Must(t, m, policyType, "logs").Input("policy").(string)), &doc))
	return doc.Statement
}

func TestEveryBucketIsPrivateOwnerEnforcedAndTLSOnly(t *testing.T) {
	m := build(t, Args{Prefix: "logs-"})
	assert.Equal(t, "logs-", offlinetest.Must(t, m, bucketType, "logs").Input("bucketPrefix"))
	block := offlinetest.Must(t, m, blockType, "logs")
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.Equal(t, true, block.Input(k), k)
	}
	assert.Equal(t, "BucketOwnerEnforced", offlinetest.Must(t, m, ownershipType, "logs").Input("rule.objectOwnership"))
	policy := statements(t, m)
	require.Len(t, policy, 1, "without grants the policy is the TLS-only deny alone")
	assert.Equal(t, "Deny", policy[0]["Effect"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, policy[0]["Condition"])
	assert.Nil(t, offlinetest.Must(t, m, bucketType, "logs").Input("forceDestroy"), "unset unless asked for")
	for _, r := range m.Resources() {
		assert.NotEqual(t, lifecycleType, r.Type, "no expiry, no lifecycle rule")
	}
}

func TestWithoutAKeyDescriptionTheBucketIsSSES3(t *testing.T) {
	m := build(t, Args{Prefix: "logs-"})
	sse := offlinetest.Must(t, m, sseType, "logs")
	assert.Equal(t, "AES256", sse.Input("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.Nil(t, sse.Input("rules[0].bucketKeyEnabled"))
	for _, r := range m.Resources() {
		assert.NotEqual(t, keyType, r.Type, "an SSE-S3 bucket has no KMS key")
	}
}

func TestAKeyDescriptionMakesTheBucketSSEKMSWithItsOwnRotatingKey(t *testing.T) {
	m := build(t, Args{Prefix: "logs-", KeyDescription: "Encrypts the logs"})
	key := offlinetest.Must(t, m, keyType, "logs")
	assert.Equal(t, "Encrypts the logs", key.Input("description"))
	assert.Equal(t, true, key.Input("enableKeyRotation"))
	assert.Equal(t, 30.0, key.Input("deletionWindowInDays"))
	sse := offlinetest.Must(t, m, sseType, "logs")
	assert.Equal(t, "aws:kms", sse.Input("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.NotEmpty(t, sse.Input("rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId"))
	assert.Equal(t, true, sse.Input("rules[0].bucketKeyEnabled"))
}

func TestExpiryDeletesObjectsUnderItsPrefixAndAbortsIncompleteUploads(t *testing.T) {
	for _, tc := range []struct {
		prefix string
		filter any
	}{
		{"alb/", map[string]any{"prefix": "alb/"}},
		{"", map[string]any{}},
	} {
		m := build(t, Args{Prefix: "logs-", Expiry: &Expiry{RuleID: "expire", Prefix: tc.prefix, Days: 7}})
		rule := offlinetest.Must(t, m, lifecycleType, "logs")
		assert.Equal(t, "expire", rule.Input("rules[0].id"))
		assert.Equal(t, "Enabled", rule.Input("rules[0].status"))
		assert.Equal(t, tc.filter, rule.Input("rules[0].filter"), "prefix %q", tc.prefix)
		assert.Equal(t, 7.0, rule.Input("rules[0].expiration.days"))
		assert.Equal(t, 1.0, rule.Input("rules[0].abortIncompleteMultipartUpload.daysAfterInitiation"))
	}
}

func TestGrantsComeBeforeTheTLSOnlyDeny(t *testing.T) {
	m := build(t, Args{Prefix: "logs-", ForceDestroy: pulumi.Bool(true), Grants: func(arn pulumi.StringOutput) pulumi.AnyOutput {
		return arn.ApplyT(func(arn string) []iampolicy.Statement {
			return []iampolicy.Statement{iampolicy.Allow("Writer", []string{"s3:PutObject"}, arn+"/*")}
		}).(pulumi.AnyOutput)
	}})
	policy := statements(t, m)
	require.Len(t, policy, 2)
	assert.Equal(t, "Writer", policy[0]["Sid"])
	assert.Equal(t, "DenyInsecureTransport", policy[1]["Sid"])
	assert.Equal(t, true, offlinetest.Must(t, m, bucketType, "logs").Input("forceDestroy"))
}

func TestBadArgsFailBeforeAnyResource(t *testing.T) {
	for _, tc := range []struct {
		name string
		args Args
		want string
	}{
		{"no prefix", Args{}, `prefix "" must be 1 to 37 characters`},
		{"prefix too long", Args{Prefix: "a-prefix-of-thirty-eight-characters-xx"}, "must be 1 to 37 characters"},
		{"expiry under a day", Args{Prefix: "logs-", Expiry: &Expiry{RuleID: "expire", Days: 0}}, "at least 1 day, got 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := offline.Run(offline.Program{Region: offlinetest.Region}, func(ctx *pulumi.Context) error {
				_, err := New(ctx, "logs", tc.args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Empty(t, m.Resources(), "nothing registered")
		})
	}
}

func TestGrantsOfAnotherTypeFailTheRunInsteadOfVanishing(t *testing.T) {
	_, err := offline.Run(offline.Program{Region: offlinetest.Region}, func(ctx *pulumi.Context) error {
		_, err := New(ctx, "logs", Args{Prefix: "logs-", Grants: func(arn pulumi.StringOutput) pulumi.AnyOutput {
			return arn.ApplyT(func(arn string) iampolicy.Statement {
				return iampolicy.Allow("Writer", []string{"s3:PutObject"}, arn+"/*")
			}).(pulumi.AnyOutput)
		}})
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Grants resolved to iampolicy.Statement, want []iampolicy.Statement")
}
