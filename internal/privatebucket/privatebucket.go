// Package privatebucket builds the S3 buckets the program keeps its own data in (Loki's log
// chunks, the API scan's reports, the ALB's access logs) one way: public access blocked, ACLs off
// (bucket owner enforced), encrypted by default, requests without TLS refused by the bucket
// policy, and, where the data has a retention, objects expired by a lifecycle rule. The three
// components share it so a bucket the program creates cannot lack one of these.
package privatebucket

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// MaxPrefixLength is the longest bucket name prefix: S3 names are at most 63 characters and
// Pulumi appends a 26-character unique suffix to the prefix.
const MaxPrefixLength = 37

// Args describe one private bucket.
type Args struct {
	// Prefix starts the bucket's name (names are global; a unique suffix is appended). Required,
	// 1 to MaxPrefixLength characters.
	Prefix string
	// KeyDescription, when set, makes the bucket SSE-KMS with a rotating KMS key of its own
	// described so, and an S3 bucket key (one data key per bucket instead of a KMS call per
	// object). Empty, the bucket is SSE-S3: what a writer that cannot use KMS needs (ALB access
	// log delivery accepts only S3-managed keys).
	KeyDescription string
	// Expiry, when set, deletes objects after a number of days.
	Expiry *Expiry
	// Grants, when set, returns for the bucket's ARN the statements ([]iampolicy.Statement, as an
	// output) the bucket policy holds before DenyInsecureTransport: a writer that is not an IAM
	// principal of the account (the ELB log delivery) is let in here. Unset, the policy is
	// DenyInsecureTransport alone; roles of the account are granted by their own policies.
	Grants func(bucketArn pulumi.StringOutput) pulumi.AnyOutput
	// ForceDestroy, true, lets `pulumi destroy` delete a bucket that still holds objects. Nil is
	// false.
	ForceDestroy pulumi.BoolPtrInput
}

// Expiry is a lifecycle rule: objects under Prefix ("" for all) are deleted Days after they are
// written, and multipart uploads left incomplete are aborted after a day.
type Expiry struct {
	// RuleID names the rule in the lifecycle configuration.
	RuleID string
	Prefix string
	// Days is at least 1.
	Days int
}

// Bucket is what New created.
type Bucket struct {
	*s3.BucketV2
	// Key is the bucket's KMS key; nil for an SSE-S3 bucket.
	Key *kms.Key
	// Policy is the last piece in place: a writer that needs the policy's grant waits for it.
	Policy *s3.BucketPolicy
}

// New creates the bucket and its configuration, every resource named name. Pass the parent (and
// provider) in opts.
func New(ctx *pulumi.Context, name string, a Args, opts ...pulumi.ResourceOption) (*Bucket, error) {
	if a.Prefix == "" || len(a.Prefix) > MaxPrefixLength {
		return nil, fmt.Errorf("bucket %s: prefix %q must be 1 to %d characters (S3 appends 26 to a 63-character name)", name, a.Prefix, MaxPrefixLength)
	}
	if a.Expiry != nil && a.Expiry.Days < 1 {
		return nil, fmt.Errorf("bucket %s: objects must be kept at least 1 day, got %d", name, a.Expiry.Days)
	}
	fail := func(what string, err error) (*Bucket, error) {
		return nil, fmt.Errorf("bucket %s: %s: %w", name, what, err)
	}
	b := &Bucket{}
	var err error
	encryption := &s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
		ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
			SseAlgorithm: pulumi.String("AES256"),
		},
	}
	if a.KeyDescription != "" {
		b.Key, err = kms.NewKey(ctx, name, &kms.KeyArgs{
			Description:       pulumi.String(a.KeyDescription),
			EnableKeyRotation: pulumi.Bool(true),
			// The longest wait KMS allows: a deleted key makes every object in the bucket unreadable.
			DeletionWindowInDays: pulumi.Int(30),
			Tags:                 tags.Name(name),
		}, opts...)
		if err != nil {
			return fail("key", err)
		}
		encryption = &s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm:   pulumi.String("aws:kms"),
				KmsMasterKeyId: b.Key.Arn,
			},
			BucketKeyEnabled: pulumi.Bool(true),
		}
	}
	b.BucketV2, err = s3.NewBucketV2(ctx, name, &s3.BucketV2Args{
		BucketPrefix: pulumi.String(a.Prefix),
		ForceDestroy: a.ForceDestroy,
		Tags:         tags.Name(name),
	}, opts...)
	if err != nil {
		return fail("bucket", err)
	}
	block, err := s3.NewBucketPublicAccessBlock(ctx, name, &s3.BucketPublicAccessBlockArgs{
		Bucket:                b.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, opts...)
	if err != nil {
		return fail("public access block", err)
	}
	if _, err := s3.NewBucketOwnershipControls(ctx, name, &s3.BucketOwnershipControlsArgs{
		Bucket: b.ID(),
		// ACLs off: every object belongs to the bucket owner, whoever wrote it.
		Rule: &s3.BucketOwnershipControlsRuleArgs{ObjectOwnership: pulumi.String("BucketOwnerEnforced")},
	}, opts...); err != nil {
		return fail("ownership", err)
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name, &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: b.ID(),
		Rules:  s3.BucketServerSideEncryptionConfigurationV2RuleArray{encryption},
	}, opts...); err != nil {
		return fail("encryption", err)
	}
	if e := a.Expiry; e != nil {
		if _, err := s3.NewBucketLifecycleConfigurationV2(ctx, name, &s3.BucketLifecycleConfigurationV2Args{
			Bucket: b.ID(),
			Rules: s3.BucketLifecycleConfigurationV2RuleArray{&s3.BucketLifecycleConfigurationV2RuleArgs{
				Id:         pulumi.String(e.RuleID),
				Status:     pulumi.String("Enabled"),
				Filter:     lifecycleFilter(e.Prefix),
				Expiration: &s3.BucketLifecycleConfigurationV2RuleExpirationArgs{Days: pulumi.Int(e.Days)},
				AbortIncompleteMultipartUpload: &s3.BucketLifecycleConfigurationV2RuleAbortIncompleteMultipartUploadArgs{
					DaysAfterInitiation: pulumi.Int(1),
				},
			}},
		}, opts...); err != nil {
			return fail("lifecycle", err)
		}
	}
	grants := pulumi.Any([]iampolicy.Statement(nil))
	if a.Grants != nil {
		grants = a.Grants(b.Arn)
	}
	document := pulumi.All(b.Arn, grants).ApplyT(func(v []any) (string, error) {
		// A grant of another type must fail the run, not vanish from the policy.
		statements, ok := v[1].([]iampolicy.Statement)
		if !ok {
			return "", fmt.Errorf("bucket %s: Grants resolved to %T, want []iampolicy.Statement", name, v[1])
		}
		return iampolicy.New(append(statements, DenyInsecureTransport(v[0].(string)))...).JSON(), nil
	}).(pulumi.StringOutput)
	// After the public access block: S3 rejects concurrent changes to a new bucket's policy and
	// its block ("OperationAborted").
	b.Policy, err = s3.NewBucketPolicy(ctx, name, &s3.BucketPolicyArgs{
		Bucket: b.ID(),
		Policy: document,
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{block}))...)
	if err != nil {
		return fail("policy", err)
	}
	return b, nil
}

// DenyInsecureTransport refuses every request to the bucket that does not use TLS.
func DenyInsecureTransport(bucketArn string) iampolicy.Statement {
	return iampolicy.Statement{
		Sid:       "DenyInsecureTransport",
		Effect:    "Deny",
		Principal: map[string][]string{"AWS": {"*"}},
		Action:    []string{"s3:*"},
		Resource:  []string{bucketArn, bucketArn + "/*"},
		Condition: map[string]map[string]string{"Bool": {"aws:SecureTransport": "false"}},
	}
}

// lifecycleFilter is an empty filter (every object) for prefix "", else the prefix.
func lifecycleFilter(prefix string) *s3.BucketLifecycleConfigurationV2RuleFilterArgs {
	if prefix == "" {
		return &s3.BucketLifecycleConfigurationV2RuleFilterArgs{}
	}
	return &s3.BucketLifecycleConfigurationV2RuleFilterArgs{Prefix: pulumi.String(prefix)}
}
