package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// secretsKeyDeletionWindowDays is the longest wait KMS allows before deleting a key: a key deleted by
// mistake makes every Secret in etcd unreadable, so the window to cancel should be as long as possible.
const secretsKeyDeletionWindowDays = 30

// secretsKeyAlias names the key so it is recognisable in the KMS console and in CloudTrail.
func secretsKeyAlias(clusterName string) string {
	return "alias/" + clusterName + "-secrets"
}

// newSecretsKey creates the customer managed key that envelope-encrypts Kubernetes Secrets. With the
// AWS managed default, etcd snapshots would be readable by anyone who can read the volume; with our
// key, access is an IAM decision that CloudTrail records.
func newSecretsKey(ctx *pulumi.Context, name, clusterName string, parent pulumi.ResourceOption) (*kms.Key, error) {
	key, err := kms.NewKey(ctx, name+"-secrets", &kms.KeyArgs{
		Description:          pulumi.String("Envelope encryption of Kubernetes Secrets in EKS cluster " + clusterName),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(secretsKeyDeletionWindowDays),
		Tags:                 pulumi.StringMap{"Name": pulumi.String(clusterName + "-secrets")},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("secrets key: %w", err)
	}
	if _, err := kms.NewAlias(ctx, name+"-secrets", &kms.AliasArgs{
		Name:        pulumi.String(secretsKeyAlias(clusterName)),
		TargetKeyId: key.KeyId,
	}, parent); err != nil {
		return nil, fmt.Errorf("secrets key alias: %w", err)
	}
	return key, nil
}
