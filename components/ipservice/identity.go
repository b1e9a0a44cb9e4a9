package ipservice

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// SecretsServiceAccount is the name of a service's second service account, the one its
// SecretStore authenticates as (NewSecretsRole's trust names it). No pod runs as it.
func SecretsServiceAccount(service string) string { return service + "-secrets" }

// newServiceAccounts creates the service's two service accounts:
//   - the one its pods run as, named after the service: NewRole's pod identity association names
//     it, so it carries no role annotation;
//   - the secrets account, annotated with SecretsRoleArn (IRSA): External Secrets requests its
//     token to read the service's secrets, so the pods themselves hold no right to read them.
//
// Neither mounts an API token: the service never calls the Kubernetes API. The Pod Identity token
// is a separate projected volume EKS adds whatever this says, and ESO requests the secrets
// account's tokens through the TokenRequest API, which this does not affect either.
func newServiceAccounts(ctx *pulumi.Context, name string, a ServiceArgs, ns pulumi.StringInput, opts ...pulumi.ResourceOption) error {
	for _, sa := range []struct {
		suffix, name string
		annotations  pulumi.StringMap
	}{
		{"-sa", a.ServiceName, nil},
		{"-secrets-sa", SecretsServiceAccount(a.ServiceName), pulumi.StringMap{"eks.amazonaws.com/role-arn": a.SecretsRoleArn}},
	} {
		if _, err := corev1.NewServiceAccount(ctx, name+sa.suffix, &corev1.ServiceAccountArgs{
			Metadata: &metav1.ObjectMetaArgs{
				Name:        pulumi.String(sa.name),
				Namespace:   ns,
				Labels:      pulumi.ToStringMap(serviceLabels(a.ServiceName)),
				Annotations: sa.annotations,
			},
			AutomountServiceAccountToken: pulumi.Bool(false),
		}, opts...); err != nil {
			return fmt.Errorf("service account %s: %w", sa.name, err)
		}
	}
	return nil
}
