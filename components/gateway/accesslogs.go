package gateway

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// accessLogPrefix is the key prefix the ALB writes under; ELB appends AWSLogs/<account>/.
const accessLogPrefix = "alb"

// accessLogBucket is the bucket receiving the ALB's access logs and the policy that lets ELB write.
type accessLogBucket struct {
	bucket *s3.BucketV2
	// policy is the last piece in place: the ALB may switch logging on once it exists.
	policy *s3.BucketPolicy
}

// newAccessLogBucket creates a private bucket for the ALB's access logs: public access blocked,
// ACLs disabled (bucket owner enforced), encrypted with SSE-S3, TLS-only, objects expired after
// the retention.
//
// SSE-S3 (AES256), not SSE-KMS: ALB access logs support only Amazon S3-managed keys; the log
// delivery cannot use a KMS key, so a KMS-encrypted bucket would receive nothing.
func newAccessLogBucket(ctx *pulumi.Context, name string, a EdgeArgs, parent pulumi.ResourceOption) (accessLogBucket, error) {
	bucket, err := s3.NewBucketV2(ctx, name+"-access-logs", &s3.BucketV2Args{
		// A prefix, not a name: bucket names are global, and S3 appends a unique suffix.
		BucketPrefix: pulumi.String(bucketPrefix(name)),
		ForceDestroy: pulumi.Bool(a.ForceDestroyLogs),
		Tags:         tags.Name(name + "-access-logs"),
	}, parent)
	if err != nil {
		return accessLogBucket{}, fmt.Errorf("access log bucket: %w", err)
	}
	block, err := s3.NewBucketPublicAccessBlock(ctx, name+"-access-logs", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return accessLogBucket{}, fmt.Errorf("access log bucket public access block: %w", err)
	}
	if _, err := s3.NewBucketOwnershipControls(ctx, name+"-access-logs", &s3.BucketOwnershipControlsArgs{
		Bucket: bucket.ID(),
		// ACLs off: every object belongs to the bucket owner, whoever wrote it.
		Rule: &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, parent); err != nil {
		return accessLogBucket{}, fmt.Errorf("access log bucket ownership: %w", err)
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-access-logs", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{
			&s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
				ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
					SseAlgorithm: pulumi.String("AES256"),
				},
			},
		},
	}, parent); err != nil {
		return accessLogBucket{}, fmt.Errorf("access log bucket encryption: %w", err)
	}
	if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name+"-access-logs", &s3.BucketLifecycleConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketLifecycleConfigurationV2RuleArray{
			&s3.BucketLifecycleConfigurationV2RuleArgs{
				Id:         pulumi.String("expire-access-logs"),
				Status:     pulumi.String("Enabled"),
				Filter:     &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(accessLogPrefix + "/")},
				Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(a.AccessLogRetentionDays)},
				AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
					DaysAfterInitiation: pulumi.Int(1),
				},
			},
		},
	}, parent); err != nil {
		return accessLogBucket{}, fmt.Errorf("access log bucket lifecycle: %w", err)
	}

	document := pulumi.All(bucket.Arn, a.AccountID.ToStringOutput()).ApplyT(func(v []any) string {
		return accessLogPolicy(a.Region, v[0].(string), v[1].(string))
	}).(pulumi.StringOutput)
	// After the public access block: S3 rejects concurrent changes to a new bucket's policy and
	// its block ("OperationAborted").
	policy, err := s3.NewBucketPolicy(ctx, name+"-access-logs", &s3.BucketPolicyArgs{
		Bucket: bucket.ID(),
		Policy: document,
	}, parent, pulumi.DependsOn([]pulumi.Resource{block}))
	if err != nil {
		return accessLogBucket{}, fmt.Errorf("access log bucket policy: %w", err)
	}
	return accessLogBucket{bucket: bucket, policy: policy}, nil
}

// accessLogPolicy lets the region's ELB log writer put objects under this account's log prefix,
// and refuses every request to the bucket that does not use TLS.
func accessLogPolicy(region, bucketArn, accountID string) string {
	return iampolicy.New(
		iampolicy.Statement{
			Sid:       "AllowELBAccessLogDelivery",
			Effect:    "Allow",
			Principal: elbLogWriter(region),
			Action:    []string{"s3:PutObject"},
			// Only logs of this account's load balancers: the ELB writer acts for every customer.
			Resource: []string{fmt.Sprintf("%s/%s/AWSLogs/%s/*", bucketArn, accessLogPrefix, accountID)},
		},
		iampolicy.Statement{
			Sid:       "DenyInsecureTransport",
			Effect:    "Deny",
			Principal: map[string][]string{"AWS": {"*"}},
			Action:    []string{"s3:*"},
			Resource:  []string{bucketArn, bucketArn + "/*"},
			Condition: map[string]map[string]string{"Bool": {"aws:SecureTransport": "false"}},
		},
	).JSON()
}

// bucketPrefix returns the log bucket's name prefix: S3 adds 26 characters to a prefix and names
// may be 63 long, so the prefix is cut to 37.
func bucketPrefix(name string) string {
	p := name + "-alb-logs-"
	if len(p) > 37 {
		p = p[:37]
	}
	return p
}
