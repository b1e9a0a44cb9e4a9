package observability

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/s3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// lokiPolicy lets Loki read, write and delete (retention) its chunks in one bucket, with the key
// that encrypts them.
func lokiPolicy(bucketArn, keyArn string) string {
	return iampolicy.New(
		iampolicy.Allow("ListChunkBucket", []string{"s3:ListBucket"}, bucketArn),
		iampolicy.Allow("ReadWriteChunks", []string{"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}, bucketArn+"/*"),
		iampolicy.Allow("UseChunkKey", []string{"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"}, keyArn),
	).JSON()
}

// lokiStorage is Loki's chunk bucket: private, SSE-KMS with its own rotating key, and the Pod
// Identity role of the Loki service account. It returns the bucket name and the role.
func lokiStorage(ctx *pulumi.Context, name string, a CloudResourcesArgs, parent pulumi.ResourceOption) (pulumi.StringOutput, *podidentity.Role, error) {
	none := pulumi.StringOutput{}
	key, err := kms.NewKey(ctx, name+"-loki", &kms.KeyArgs{
		Description:       pulumi.String("Encrypts the Loki log chunks of " + a.ClusterName),
		EnableKeyRotation: pulumi.Bool(true),
		// The longest wait KMS allows: a deleted key makes every stored log unreadable.
		DeletionWindowInDays: pulumi.Int(30),
		Tags:                 tags.Name(name + "-loki"),
	}, parent)
	if err != nil {
		return none, nil, fmt.Errorf("loki key: %w", err)
	}
	bucket, err := s3.NewBucketV2(ctx, name+"-loki", &s3.BucketV2Args{
		// The bucket name must be globally unique; Pulumi appends a random suffix to the prefix.
		BucketPrefix: pulumi.String(a.ClusterName + "-loki-"),
		Tags:         tags.Name(name + "-loki"),
	}, parent)
	if err != nil {
		return none, nil, fmt.Errorf("loki bucket: %w", err)
	}
	if _, err := s3.NewBucketPublicAccessBlock(ctx, name+"-loki", &s3.BucketPublicAccessBlockArgs{
		Bucket:                bucket.ID(),
		BlockPublicAcls:       pulumi.Bool(true),
		BlockPublicPolicy:     pulumi.Bool(true),
		IgnorePublicAcls:      pulumi.Bool(true),
		RestrictPublicBuckets: pulumi.Bool(true),
	}, parent); err != nil {
		return none, nil, fmt.Errorf("loki bucket public access block: %w", err)
	}
	if _, err := s3.NewBucketServerSideEncryptionConfigurationV2(ctx, name+"-loki", &s3.BucketServerSideEncryptionConfigurationV2Args{
		Bucket: bucket.ID(),
		Rules: s3.BucketServerSideEncryptionConfigurationV2RuleArray{s3.BucketServerSideEncryptionConfigurationV2RuleArgs{
			ApplyServerSideEncryptionByDefault: &s3.BucketServerSideEncryptionConfigurationV2RuleApplyServerSideEncryptionByDefaultArgs{
				SseAlgorithm:   pulumi.String("aws:kms"),
				KmsMasterKeyId: key.Arn,
			},
			// One data key per bucket instead of a KMS call per chunk: Loki writes many small objects.
			BucketKeyEnabled: pulumi.Bool(true),
		}},
	}, parent); err != nil {
		return none, nil, fmt.Errorf("loki bucket encryption: %w", err)
	}
	policy := pulumi.All(bucket.Arn, key.Arn).ApplyT(func(v []any) string {
		return lokiPolicy(v[0].(string), v[1].(string))
	}).(pulumi.StringOutput)
	role, err := podidentity.NewRole(ctx, name+"-loki", &podidentity.RoleArgs{
		ClusterName:    pulumi.String(a.ClusterName),
		Namespace:      Namespace,
		ServiceAccount: lokiServiceAccount,
		Agent:          a.PodIdentityAgent,
		Grants:         podidentity.Grants{Policy: policy},
	}, parent)
	if err != nil {
		return none, nil, fmt.Errorf("loki role: %w", err)
	}
	return bucket.Bucket, role, nil
}
