package ipservice

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// esoAPIVersion is the External Secrets Operator API this component writes: v1 is served and
// stored from ESO 0.16 (config/crds/bases of v0.16.2), and 0.17 stops serving v1beta1.
const esoAPIVersion = "external-secrets.io/v1"

// newSecretStore creates the service's SecretStore, through which the service's own
// ExternalSecrets read ip-platform/<stack>/<service>/* and the cache's connection settings.
// No ExternalSecret of the database's credentials: the service connects to PostgreSQL as its own
// user with IAM authentication (Database), so it needs no password and never sees the master
// secret.
//
// The SecretStore authenticates as the service's secrets service account
// (auth.jwt.serviceAccountRef): ESO requests a token for it and assumes the service's secrets role
// (IRSA), so a service's secrets are read only with what that role allows, the operator's own role
// needs no access to service secrets at all, and the service's pods hold no right to read them.
func newSecretStore(ctx *pulumi.Context, name string, a ServiceArgs, ns pulumi.StringInput, opts ...pulumi.ResourceOption) error {
	_, err := apiextensions.NewCustomResource(ctx, name+"-secret-store", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(esoAPIVersion),
		Kind:       pulumi.String("SecretStore"),
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(a.ServiceName), Namespace: ns, Labels: pulumi.ToStringMap(serviceLabels(a.ServiceName))},
		OtherFields: kubernetes.UntypedArgs{
			"spec": pulumi.Map{
				"provider": pulumi.Map{
					"aws": pulumi.Map{
						"service": pulumi.String("SecretsManager"),
						"region":  pulumi.String(a.Region),
						"auth": pulumi.Map{
							"jwt": pulumi.Map{
								"serviceAccountRef": pulumi.Map{"name": pulumi.String(SecretsServiceAccount(a.ServiceName))},
							},
						},
					},
				},
			},
		},
	}, opts...)
	if err != nil {
		return fmt.Errorf("secret store: %w", err)
	}
	return nil
}
