package observability

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/privatebucket"
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

// lokiStorage is Loki's chunk bucket, private (internal/privatebucket) and SSE-KMS with its own
// rotating key, and the Pod Identity role of the Loki service account. No lifecycle rule: Loki's
// compactor deletes chunks past the retention itself. It returns the bucket name and the role.
func lokiStorage(ctx *pulumi.Context, name string, a CloudResourcesArgs, parent pulumi.ResourceOption) (pulumi.StringOutput, *podidentity.Role, error) {
	none := pulumi.StringOutput{}
	bucket, err := privatebucket.New(ctx, name+"-loki", privatebucket.Args{
		Prefix:         a.ClusterName + "-loki-",
		KeyDescription: "Encrypts the Loki log chunks of " + a.ClusterName,
	}, parent)
	if err != nil {
		return none, nil, fmt.Errorf("loki %w", err)
	}
	policy := pulumi.All(bucket.Arn, bucket.Key.Arn).ApplyT(func(v []any) string {
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
