package apitests

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/privatebucket"
)

// ReportStoreArgs describe the scan reports' bucket and the uploader's role.
type ReportStoreArgs struct {
	// ClusterName is the EKS cluster of the pod identity association, and the bucket's name
	// prefix. Required.
	ClusterName pulumi.StringInput
	// BucketPrefix starts the bucket's name; S3 appends a unique suffix. Required, at most 37
	// characters.
	BucketPrefix string
	// PodIdentityAgent is the eks-pod-identity-agent add-on the association waits for. Required.
	PodIdentityAgent pulumi.Resource
	// Namespace is the scan's namespace. Defaults to DefaultNamespace.
	Namespace string
	// RetentionDays is how long a report is kept. Required, at least 1.
	RetentionDays int
}

// ReportStore is the scan reports' bucket and the role that writes to it.
type ReportStore struct {
	pulumi.ResourceState

	// Bucket is the bucket's name, for ScanArgs.Bucket.
	Bucket pulumi.StringOutput
	// Role is the scan service account's Pod Identity role; the scan's Job must wait for its
	// Association.
	Role *podidentity.Role
}

// NewReportStore creates the bucket and the role; see the package doc. Pass the AWS provider in
// opts.
func NewReportStore(ctx *pulumi.Context, name string, args *ReportStoreArgs, opts ...pulumi.ResourceOption) (*ReportStore, error) {
	if args == nil {
		return nil, fmt.Errorf("apitests %s: args are required", name)
	}
	a := *args
	if a.Namespace == "" {
		a.Namespace = DefaultNamespace
	}
	switch {
	case a.ClusterName == nil:
		return nil, fmt.Errorf("apitests %s: ClusterName is required", name)
	case a.BucketPrefix == "" || len(a.BucketPrefix) > privatebucket.MaxPrefixLength:
		return nil, fmt.Errorf("apitests %s: BucketPrefix %q must be 1 to %d characters (S3 appends 26 to a 63-character name)", name, a.BucketPrefix, privatebucket.MaxPrefixLength)
	case a.PodIdentityAgent == nil:
		return nil, fmt.Errorf("apitests %s: PodIdentityAgent is required", name)
	case a.RetentionDays < 1:
		return nil, fmt.Errorf("apitests %s: RetentionDays must be at least 1, got %d", name, a.RetentionDays)
	}
	r := &ReportStore{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:apitests:ReportStore", name, pulumi.Map{
		"namespace":     pulumi.String(a.Namespace),
		"retentionDays": pulumi.Int(a.RetentionDays),
	}, r, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(r)
	fail := func(what string, err error) (*ReportStore, error) {
		return nil, fmt.Errorf("apitests %s: %s: %w", name, what, err)
	}
	bucket, err := privatebucket.New(ctx, name, privatebucket.Args{
		Prefix:         a.BucketPrefix,
		KeyDescription: "Encrypts the API security scan reports of " + name,
		Expiry:         &privatebucket.Expiry{RuleID: "expire-reports", Days: a.RetentionDays},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("apitests %s: %w", name, err)
	}
	grants := pulumi.All(bucket.Arn, bucket.Key.Arn).ApplyT(func(v []any) string {
		return uploaderPolicy(v[0].(string), v[1].(string))
	}).(pulumi.StringOutput)
	r.Role, err = podidentity.NewRole(ctx, name+"-uploader", &podidentity.RoleArgs{
		ClusterName:    a.ClusterName,
		Namespace:      a.Namespace,
		ServiceAccount: ScanServiceAccount,
		Agent:          a.PodIdentityAgent,
		Grants:         podidentity.Grants{Policy: grants},
	}, parent)
	if err != nil {
		return fail("uploader role", err)
	}
	r.Bucket = bucket.Bucket
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"bucket": r.Bucket, "roleArn": r.Role.Arn})
}

// uploaderPolicy lets the scan put its reports, and nothing else: it cannot read, list or delete
// earlier reports, so a compromised scan cannot rewrite history.
func uploaderPolicy(bucketArn, keyArn string) string {
	return iampolicy.New(
		iampolicy.Allow("PutReports", []string{"s3:PutObject"}, bucketArn+"/*"),
		// Decrypt too: a multipart upload (the AWS CLI splits files over 8 MB) reads its parts' data
		// key back; without s3:GetObject it decrypts no report.
		iampolicy.Allow("EncryptReports", []string{"kms:GenerateDataKey", "kms:Decrypt"}, keyArn),
	).JSON()
}
