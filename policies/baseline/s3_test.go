package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestS3Buckets(t *testing.T) {
	bucket := Resource{Type: TypeBucketV2, URN: "urn:logs", Properties: props(map[string]any{"tags": map[string]any{"Name": "logs"}})}
	block := Resource{Type: TypeBucketPublicAccessBlock, URN: "urn:pab",
		Properties: props(map[string]any{
			"bucket": "logs-id", "blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true,
		}),
		PropertyDependencies: map[string][]string{"bucket": {"urn:logs"}},
	}
	sse := Resource{Type: TypeBucketEncryption, URN: "urn:sse",
		Properties: props(map[string]any{
			"bucket": unknownValue{},
			"rules":  []any{map[string]any{"applyServerSideEncryptionByDefault": map[string]any{"sseAlgorithm": "aws:kms"}}},
		}),
		PropertyDependencies: map[string][]string{"bucket": {"urn:logs"}},
	}
	assert.Empty(t, S3Buckets([]Resource{bucket, block, sse}), "blocked and encrypted, tied by dependencies")

	got := S3Buckets([]Resource{bucket})
	if assert.Len(t, got, 2) {
		assert.Equal(t, "urn:logs", got[0].URN)
		assert.Contains(t, got[0].Message, "no public access block")
		assert.Contains(t, got[1].Message, "no server-side encryption")
	}

	leaky := block
	leaky.Properties = props(map[string]any{"blockPublicAcls": true, "blockPublicPolicy": false, "ignorePublicAcls": true, "restrictPublicBuckets": true})
	assert.Len(t, S3Buckets([]Resource{bucket, leaky, sse}), 1, "one switch off is a public bucket")

	named := Resource{Type: TypeBucketV2, URN: "urn:named", Properties: props(map[string]any{"bucket": "ip-platform-prod-alb-logs"})}
	byName := block
	byName.PropertyDependencies = nil
	byName.Properties = props(set(map[string]any{"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true}, "ip-platform-prod-alb-logs", "bucket"))
	got = S3Buckets([]Resource{named, byName})
	assertMessages(t, []string{"no server-side encryption"}, []string{got[0].Message})
	assert.Len(t, got, 1, "tied by the bucket's name")
}
