package apitests

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func buildStore(t *testing.T) *offline.Mocks {
	t.Helper()
	return offlinetest.Run(t, func(ctx *pulumi.Context) error {
		agent, err := offlinetest.PodIdentityAgent(ctx)
		if err != nil {
			return err
		}
		_, err = NewReportStore(ctx, "ip-platform-staging-scan-reports", &ReportStoreArgs{
			ClusterName: pulumi.String("ip-platform-staging"), BucketPrefix: "ip-platform-staging-scan-reports-",
			PodIdentityAgent: agent, RetentionDays: 30,
		})
		return err
	})
}

func TestReportBucketIsPrivateEncryptedAndExpires(t *testing.T) {
	m := buildStore(t)
	const name = "ip-platform-staging-scan-reports"
	pab := offlinetest.Must(t, m, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name)
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.Equal(t, true, pab.Input(k), k)
	}
	sse := offlinetest.Must(t, m, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", name)
	assert.Equal(t, "aws:kms", sse.Input("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	assert.Equal(t, true, offlinetest.Must(t, m, "aws:kms/key:Key", name).Input("enableKeyRotation"))
	lc := offlinetest.Must(t, m, "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", name)
	assert.Equal(t, 30.0, lc.Input("rules[0].expiration.days"), "reports keep the stack's retention")
	assert.Equal(t, "BucketOwnerEnforced", offlinetest.Must(t, m, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", name).Input("rule.objectOwnership"))

	var policy struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(offlinetest.Must(t, m, "aws:s3/bucketPolicy:BucketPolicy", name).Input("policy").(string)), &policy))
	require.Len(t, policy.Statement, 1)
	assert.Equal(t, "Deny", policy.Statement[0]["Effect"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, policy.Statement[0]["Condition"], "TLS only")
}

func TestUploaderMayOnlyPutReports(t *testing.T) {
	m := buildStore(t)
	assoc := offlinetest.Must(t, m, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "ip-platform-staging-scan-reports-uploader")
	assert.Equal(t, "api-tests", assoc.Input("namespace"))
	assert.Equal(t, ScanServiceAccount, assoc.Input("serviceAccount"))
	var doc struct{ Statement []struct{ Action []string } }
	for _, r := range m.Resources() {
		if r.Type == "aws:iam/rolePolicy:RolePolicy" {
			require.NoError(t, json.Unmarshal([]byte(r.Input("policy").(string)), &doc))
		}
	}
	require.Len(t, doc.Statement, 2)
	assert.Equal(t, []string{"s3:PutObject"}, doc.Statement[0].Action, "no read, list or delete of earlier reports")
	assert.Equal(t, []string{"kms:GenerateDataKey", "kms:Decrypt"}, doc.Statement[1].Action)
}
