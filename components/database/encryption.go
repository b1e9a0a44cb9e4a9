package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// keyDeletionWindowDays is the longest wait KMS allows: without the key, every snapshot and backup
// of the database is unreadable.
const keyDeletionWindowDays = 30

// newKey creates the customer managed key for storage, snapshots, Performance Insights and the
// master user secret. The default key policy leaves access to IAM, so who may decrypt is an IAM
// decision CloudTrail records; RDS uses the key through grants it creates itself.
func newKey(ctx *pulumi.Context, name, identifier string, parent, protect pulumi.ResourceOption) (*kms.Key, error) {
	key, err := kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.String("Storage, snapshots, Performance Insights and master secret of PostgreSQL " + identifier),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(keyDeletionWindowDays),
		Tags:                 tags.Name(identifier + "-postgres"),
	}, parent, protect)
	if err != nil {
		return nil, fmt.Errorf("key: %w", err)
	}
	if _, err := kms.NewAlias(ctx, name, &kms.AliasArgs{
		Name:        pulumi.String("alias/" + identifier + "-postgres"),
		TargetKeyId: key.KeyId,
	}, parent); err != nil {
		return nil, fmt.Errorf("key alias: %w", err)
	}
	return key, nil
}
