package cluster

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// stsAudience is the audience of the tokens EKS projects into pods for IRSA.
const stsAudience = "sts.amazonaws.com"

// oidcIssuer is the cluster's OIDC issuer URL ("https://oidc.eks.<region>.amazonaws.com/id/<id>").
func oidcIssuer(c *eks.Cluster) pulumi.StringOutput {
	return c.Identities.Index(pulumi.Int(0)).Oidcs().Index(pulumi.Int(0)).Issuer().Elem()
}

// newOidcProvider registers the cluster's issuer with IAM so a service account's token can be
// exchanged for a role (IRSA). Every workload gets its credentials through EKS Pod Identity; the
// one consumer left is External Secrets, whose namespaced SecretStores authenticate with their own
// namespace's service account token, which Pod Identity cannot serve (components/podidentity).
//
// No thumbprint is given: it is optional in the provider, and IAM verifies EKS issuers (hosted on
// AWS infrastructure) against its own trusted CA store instead of a pinned certificate thumbprint.
// A pinned value would only go stale when the issuer's certificate chain rotates.
func newOidcProvider(ctx *pulumi.Context, name, clusterName string, issuer pulumi.StringOutput, parent pulumi.ResourceOption) (*iam.OpenIdConnectProvider, error) {
	provider, err := iam.NewOpenIdConnectProvider(ctx, name+"-oidc", &iam.OpenIdConnectProviderArgs{
		Url:           issuer,
		ClientIdLists: pulumi.StringArray{pulumi.String(stsAudience)},
		Tags:          pulumi.StringMap{"Name": pulumi.String(clusterName + "-irsa")},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("oidc provider: %w", err)
	}
	return provider, nil
}
