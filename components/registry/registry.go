package registry

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// RegistryArgs describes the repositories of one stack.
type RegistryArgs struct {
	// Prefix is the namespace of every repository name, e.g. "ip-platform/prod". Required: lower
	// case letters, digits and . _ - separated by single slashes.
	Prefix string
	// Services name one repository each ("trademark" gives "<Prefix>/trademark"). Required, at
	// least one, unique.
	Services []string
	// KeepTaggedImages is how many tagged images each repository keeps, newest first. Defaults to 30.
	KeepTaggedImages int
	// UntaggedExpiryDays is how long an untagged image survives after its push. Defaults to 7.
	UntaggedExpiryDays int
	// ForceDelete lets `pulumi destroy` delete repositories that still hold images. Defaults to
	// false, so a destroy stops at a repository with images rather than deleting releases.
	ForceDelete bool
}

// Registry is the set of ECR repositories of one stack and the key that encrypts them.
type Registry struct {
	pulumi.ResourceState

	// RepositoryURLs maps each service to its repository URL
	// ("<account>.dkr.ecr.<region>.amazonaws.com/<Prefix>/<service>").
	RepositoryURLs pulumi.StringMapOutput
	// KeyArn is the KMS key encrypting every repository's images.
	KeyArn pulumi.StringOutput
}

// keyDeletionWindowDays is the longest wait KMS allows: deleting the key makes every image in every
// repository unreadable, so a mistake should have as long as possible to be cancelled.
const keyDeletionWindowDays = 30

// NewRegistry creates the KMS key and one repository, with its lifecycle policy, per service.
func NewRegistry(ctx *pulumi.Context, name string, args *RegistryArgs, opts ...pulumi.ResourceOption) (*Registry, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	r := &Registry{}
	err = ctx.RegisterComponentResourceV2("ip-platform:registry:Registry", name, pulumi.Map{
		"prefix":             pulumi.String(a.Prefix),
		"services":           pulumi.ToStringArray(a.Services),
		"keepTaggedImages":   pulumi.Int(a.KeepTaggedImages),
		"untaggedExpiryDays": pulumi.Int(a.UntaggedExpiryDays),
	}, r, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)

	key, err := kms.NewKey(ctx, name+"-ecr", &kms.KeyArgs{
		Description:          pulumi.String("Encryption of the ECR repositories under " + a.Prefix),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(keyDeletionWindowDays),
		Tags:                 tags.Name(name + "-ecr"),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("registry %s: kms key: %w", name, err)
	}
	if _, err := kms.NewAlias(ctx, name+"-ecr", &kms.AliasArgs{
		Name:        pulumi.String("alias/" + aliasName(a.Prefix)),
		TargetKeyId: key.KeyId,
	}, parent); err != nil {
		return nil, fmt.Errorf("registry %s: kms alias: %w", name, err)
	}

	policy := buildLifecyclePolicy(a.KeepTaggedImages, a.UntaggedExpiryDays).JSON()
	urls := pulumi.StringMap{}
	for _, service := range a.Services {
		repoName := a.Prefix + "/" + service
		repo, err := ecr.NewRepository(ctx, name+"-"+service, &ecr.RepositoryArgs{
			Name: pulumi.String(repoName),
			// A tag names one image forever: what staging tested under v1.4.2 is what prod pulls.
			ImageTagMutability: pulumi.String("IMMUTABLE"),
			ImageScanningConfiguration: &ecr.RepositoryImageScanningConfigurationArgs{
				ScanOnPush: pulumi.Bool(true),
			},
			// The encryption settings of a repository cannot change after creation.
			EncryptionConfigurations: ecr.RepositoryEncryptionConfigurationArray{
				&ecr.RepositoryEncryptionConfigurationArgs{EncryptionType: pulumi.String("KMS"), KmsKey: key.Arn},
			},
			ForceDelete: pulumi.Bool(a.ForceDelete),
			Tags:        tags.Name(repoName),
		}, parent)
		if err != nil {
			return nil, fmt.Errorf("registry %s: repository %s: %w", name, service, err)
		}
		if _, err := ecr.NewLifecyclePolicy(ctx, name+"-"+service, &ecr.LifecyclePolicyArgs{
			Repository: repo.Name,
			Policy:     pulumi.String(policy),
		}, parent); err != nil {
			return nil, fmt.Errorf("registry %s: lifecycle policy %s: %w", name, service, err)
		}
		urls[service] = repo.RepositoryUrl
	}

	r.RepositoryURLs = urls.ToStringMapOutput()
	r.KeyArn = key.Arn
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"repositoryUrls": r.RepositoryURLs,
		"keyArn":         r.KeyArn,
	})
}
