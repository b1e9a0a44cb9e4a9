package observability

import (
	"fmt"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
)

// The External Secrets Operator objects: a SecretStore of the observability namespace only
// (not a ClusterSecretStore), authenticating as secretsServiceAccount, whose IRSA role may read the
// Grafana admin secret and nothing else. Field names checked against the v1 CRDs of
// external-secrets v0.16.2 (config/crds/bases: external-secrets.io_secretstores.yaml,
// external-secrets.io_externalsecrets.yaml; v1 is served and the storage version).
const (
	esoAPIVersion         = "external-secrets.io/v1"
	secretStoreName       = "grafana-admin"
	secretsServiceAccount = "grafana-secrets"
)

// grafanaSecretArn is the ARN pattern of the secret: Secrets Manager appends "-" and six random
// characters to a secret's name, so "-??????" matches exactly that secret and no other name.
func grafanaSecretArn(partition, region, account, secretName string) string {
	return fmt.Sprintf("arn:%s:secretsmanager:%s:%s:secret:%s-??????", partition, region, account, secretName)
}

// grafanaSecretPolicy may read one secret.
func grafanaSecretPolicy(arn string) string {
	return iampolicy.New(iampolicy.Allow("ReadGrafanaAdminSecret",
		[]string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, arn)).JSON()
}

// secretStoreSpec authenticates to Secrets Manager with the service account's IRSA token.
func secretStoreSpec(region string) obj {
	return obj{"provider": obj{"aws": obj{
		"service": "SecretsManager",
		"region":  region,
		"auth":    obj{"jwt": obj{"serviceAccountRef": obj{"name": secretsServiceAccount}}},
	}}}
}

// externalSecretSpec copies the two fields of the JSON secret into the Kubernetes Secret Grafana reads.
func externalSecretSpec(secretName string) obj {
	field := func(key string) obj {
		return obj{"secretKey": key, "remoteRef": obj{"key": secretName, "property": key}}
	}
	return obj{
		"refreshInterval": "1h",
		"secretStoreRef":  obj{"kind": "SecretStore", "name": secretStoreName},
		"target":          obj{"name": grafanaAdminSecret, "creationPolicy": "Owner"},
		"data":            []any{field("admin-user"), field("admin-password")},
	}
}

// grafanaAdmin creates the service account of the IRSA role a.GrafanaSecretsRoleArn, the
// SecretStore and the ExternalSecret that together put the Grafana admin credentials into the
// namespace. It returns the ExternalSecret, which the Grafana release waits for.
func (o *Observability) grafanaAdmin(ctx *pulumi.Context, name string, a ObservabilityArgs, ns pulumi.StringInput, opts []pulumi.ResourceOption) (pulumi.Resource, error) {
	sa, err := corev1.NewServiceAccount(ctx, name+"-grafana-secrets", &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(secretsServiceAccount), Namespace: ns,
			Annotations: pulumi.StringMap{"eks.amazonaws.com/role-arn": a.GrafanaSecretsRoleArn},
		},
		// Only the operator uses it (it requests tokens for it); no pod mounts it.
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("grafana secrets service account: %w", err)
	}
	afterESO := append(append([]pulumi.ResourceOption{}, opts...), pulumi.DependsOn(append([]pulumi.Resource{sa}, a.DependsOn...)))
	store, err := apiextensions.NewCustomResource(ctx, name+"-grafana-secret-store", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String(esoAPIVersion),
		Kind:        pulumi.String("SecretStore"),
		Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(secretStoreName), Namespace: ns},
		OtherFields: map[string]any{"spec": secretStoreSpec(a.Region)},
	}, afterESO...)
	if err != nil {
		return nil, fmt.Errorf("grafana secret store: %w", err)
	}
	es, err := apiextensions.NewCustomResource(ctx, name+"-grafana-admin", &apiextensions.CustomResourceArgs{
		ApiVersion:  pulumi.String(esoAPIVersion),
		Kind:        pulumi.String("ExternalSecret"),
		Metadata:    &metav1.ObjectMetaArgs{Name: pulumi.String(grafanaAdminSecret), Namespace: ns},
		OtherFields: map[string]any{"spec": externalSecretSpec(a.GrafanaAdminSecretName)},
	}, append(append([]pulumi.ResourceOption{}, opts...), pulumi.DependsOn(append([]pulumi.Resource{store}, a.DependsOn...)))...)
	if err != nil {
		return nil, fmt.Errorf("grafana external secret: %w", err)
	}
	return es, nil
}
