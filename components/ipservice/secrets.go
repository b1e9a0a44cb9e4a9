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

// Keys of the credentials Secret the ExternalSecret produces; the Deployment maps them to
// environment variables.
const (
	keyDatabaseUsername = "database-username"
	keyDatabasePassword = "database-password"
	// refreshInterval bounds how long a rotated password takes to reach the Secret. Pods read it
	// at start, so a rotation also needs a rollout; RDS keeps the previous password valid while
	// rotating, which covers the gap.
	refreshInterval = "1h"
)

// credentialsSecret is the name of the Kubernetes Secret holding the service's database
// credentials (Redis needs none: it authenticates with IAM).
func credentialsSecret(service string) string { return service + "-database" }

// newSecrets creates the service's SecretStore and the ExternalSecret that syncs its database
// credentials.
//
// The SecretStore authenticates as the service's secrets service account
// (auth.jwt.serviceAccountRef): ESO requests a token for it and assumes the service's secrets role
// (IRSA), so a service's secrets are read only with what that role allows, the operator's own role
// needs no access to service secrets at all, and the service's pods hold no right to read them.
func newSecrets(ctx *pulumi.Context, name string, a ServiceArgs, ns pulumi.StringInput, opts ...pulumi.ResourceOption) (*apiextensions.CustomResource, error) {
	meta := func(n string) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{Name: pulumi.String(n), Namespace: ns, Labels: pulumi.ToStringMap(serviceLabels(a.ServiceName))}
	}
	store, err := apiextensions.NewCustomResource(ctx, name+"-secret-store", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(esoAPIVersion),
		Kind:       pulumi.String("SecretStore"),
		Metadata:   meta(a.ServiceName),
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
		return nil, fmt.Errorf("secret store: %w", err)
	}
	external, err := apiextensions.NewCustomResource(ctx, name+"-external-secret", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(esoAPIVersion),
		Kind:       pulumi.String("ExternalSecret"),
		Metadata:   meta(credentialsSecret(a.ServiceName)),
		OtherFields: kubernetes.UntypedArgs{
			"spec": pulumi.Map{
				"refreshInterval": pulumi.String(refreshInterval),
				"secretStoreRef":  pulumi.Map{"kind": pulumi.String("SecretStore"), "name": pulumi.String(a.ServiceName)},
				"target": pulumi.Map{
					"name": pulumi.String(credentialsSecret(a.ServiceName)),
					// The Secret belongs to the ExternalSecret: deleting the service removes it.
					"creationPolicy": pulumi.String("Owner"),
				},
				"data": pulumi.Array{
					remoteRef(keyDatabaseUsername, pulumi.Map{"key": a.Database.SecretArn, "property": pulumi.String("username")}),
					remoteRef(keyDatabasePassword, pulumi.Map{"key": a.Database.SecretArn, "property": pulumi.String("password")}),
				},
			},
		},
	}, append(opts, pulumi.DependsOn([]pulumi.Resource{store}))...)
	if err != nil {
		return nil, fmt.Errorf("external secret: %w", err)
	}
	return external, nil
}

func remoteRef(secretKey string, ref pulumi.Map) pulumi.Map {
	return pulumi.Map{"secretKey": pulumi.String(secretKey), "remoteRef": ref}
}
