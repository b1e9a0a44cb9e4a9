package gateway

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/privatebucket"
)

// accessLogPrefix is the key prefix the ALB writes under; ELB appends AWSLogs/<account>/.
const accessLogPrefix = "alb"

// accessLogBucket is the bucket receiving the ALB's access logs and the policy that lets ELB write.
type accessLogBucket struct {
	bucket *s3.BucketV2
	// policy is the last piece in place: the ALB may switch logging on once it exists.
	policy *s3.BucketPolicy
}

// newAccessLogBucket creates the private bucket (internal/privatebucket) for the ALB's access
// logs, its objects expired after the retention, and lets the region's ELB log writer in.
//
// SSE-S3 (AES256), not SSE-KMS: ALB access logs support only Amazon S3-managed keys; the log
// delivery cannot use a KMS key, so a KMS-encrypted bucket would receive nothing.
func newAccessLogBucket(ctx *pulumi.Context, name string, a EdgeArgs, parent pulumi.ResourceOption) (accessLogBucket, error) {
	b, err := privatebucket.New(ctx, name+"-access-logs", privatebucket.Args{
		Prefix:       bucketPrefix(name),
		ForceDestroy: pulumi.Bool(a.ForceDestroyLogs),
		Expiry:       &privatebucket.Expiry{RuleID: "expire-access-logs", Prefix: accessLogPrefix + "/", Days: a.AccessLogRetentionDays},
		Grants: func(bucketArn pulumi.StringOutput) pulumi.AnyOutput {
			return pulumi.All(bucketArn, a.AccountID.ToStringOutput()).ApplyT(func(v []any) []iampolicy.Statement {
				return []iampolicy.Statement{elbLogDelivery(a.Region, v[0].(string), v[1].(string))}
			}).(pulumi.AnyOutput)
		},
	}, parent)
	if err != nil {
		return accessLogBucket{}, fmt.Errorf("access log %w", err)
	}
	return accessLogBucket{bucket: b.BucketV2, policy: b.Policy}, nil
}

// elbLogDelivery lets the region's ELB log writer put objects under this account's log prefix.
func elbLogDelivery(region, bucketArn, accountID string) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       "AllowELBAccessLogDelivery",
		Effect:    "Allow",
		Principal: elbLogWriter(region),
		Action:    []string{"s3:PutObject"},
		// Only logs of this account's load balancers: the ELB writer acts for every customer.
		Resource: []string{fmt.Sprintf("%s/%s/AWSLogs/%s/*", bucketArn, accessLogPrefix, accountID)},
	}
}

// bucketPrefix returns the log bucket's name prefix, cut to the longest a prefix may be.
func bucketPrefix(name string) string {
	p := name + "-alb-logs-"
	if len(p) > privatebucket.MaxPrefixLength {
		p = p[:privatebucket.MaxPrefixLength]
	}
	return p
}
