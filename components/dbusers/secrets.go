package dbusers

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// esoAPIVersion is the External Secrets Operator API, as components/ipservice writes it.
const esoAPIVersion = "external-secrets.io/v1"

// Keys of the master Secret, as the RDS-managed secret names them.
const (
	keyUsername = "username"
	keyPassword = "password"
)

// masterSecret creates the secrets service account (IRSA, no pod runs as it), the SecretStore that
// authenticates as it, and the ExternalSecret that syncs the master secret into the namespace.
// It returns the ExternalSecret, which the Job waits for. RDS rotates the master password itself;
// the hourly refresh brings a rotated one here before the next run of the Job needs it.
func (o objects) masterSecret() (pulumi.Resource, error) {
	sa, err := corev1.NewServiceAccount(o.ctx, o.name+"-secrets-sa", &corev1.ServiceAccountArgs{
		Metadata:                     withAnnotations(o.meta(SecretsServiceAccount), pulumi.StringMap{"eks.amazonaws.com/role-arn": o.a.SecretsRoleArn}),
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, o.parent)
	if err != nil {
		return nil, fmt.Errorf("secrets service account: %w", err)
	}
	afterCRDs := []pulumi.ResourceOption{o.parent, pulumi.DependsOn(append([]pulumi.Resource{sa}, o.a.After...))}
	store, err := apiextensions.NewCustomResource(o.ctx, o.name+"-secret-store", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(esoAPIVersion),
		Kind:       pulumi.String("SecretStore"),
		Metadata:   o.meta(appName),
		OtherFields: kubernetes.UntypedArgs{"spec": pulumi.Map{"provider": pulumi.Map{"aws": pulumi.Map{
			"service": pulumi.String("SecretsManager"),
			"region":  pulumi.String(o.a.Region),
			"auth": pulumi.Map{"jwt": pulumi.Map{
				"serviceAccountRef": pulumi.Map{"name": pulumi.String(SecretsServiceAccount)},
			}},
		}}}},
	}, afterCRDs...)
	if err != nil {
		return nil, fmt.Errorf("secret store: %w", err)
	}
	ref := func(key string) pulumi.Map {
		return pulumi.Map{"secretKey": pulumi.String(key), "remoteRef": pulumi.Map{"key": o.a.MasterSecretArn, "property": pulumi.String(key)}}
	}
	external, err := apiextensions.NewCustomResource(o.ctx, o.name+"-external-secret", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(esoAPIVersion),
		Kind:       pulumi.String("ExternalSecret"),
		Metadata:   o.meta(masterSecret),
		OtherFields: kubernetes.UntypedArgs{"spec": pulumi.Map{
			"refreshInterval": pulumi.String("1h"),
			"secretStoreRef":  pulumi.Map{"kind": pulumi.String("SecretStore"), "name": pulumi.String(appName)},
			"target":          pulumi.Map{"name": pulumi.String(masterSecret), "creationPolicy": pulumi.String("Owner")},
			"data":            pulumi.Array{ref(keyUsername), ref(keyPassword)},
		}},
	}, append(afterCRDs, pulumi.DependsOn([]pulumi.Resource{store}))...)
	if err != nil {
		return nil, fmt.Errorf("external secret: %w", err)
	}
	return external, nil
}
