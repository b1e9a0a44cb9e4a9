package observability

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// alertReceiver puts the webhook URL in a Secret Alertmanager mounts. The URL stays a Pulumi
// secret. (The alarm topics' subscriptions to the same URL are AWS-side: CloudResources.)
func (o *Observability) alertReceiver(ctx *pulumi.Context, name string, a ObservabilityArgs, ns pulumi.StringInput, k8s []pulumi.ResourceOption) (pulumi.Resource, error) {
	url := pulumi.ToSecret(a.AlertWebhookURL).(pulumi.StringOutput)
	secret, err := corev1.NewSecret(ctx, name+"-alert-webhook", &corev1.SecretArgs{
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(webhookSecret), Namespace: ns},
		Type:       pulumi.String("Opaque"),
		StringData: pulumi.StringMap{webhookKey: url},
	}, k8s...)
	if err != nil {
		return nil, fmt.Errorf("alert webhook secret: %w", err)
	}
	return secret, nil
}
