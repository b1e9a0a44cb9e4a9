package observability

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// alertReceiver puts the webhook URL in a Secret Alertmanager mounts, and subscribes the webhook
// to each alarm topic. The URL stays a Pulumi secret throughout. SNS sends an HTTPS endpoint a
// SubscriptionConfirmation first: the receiver must confirm it (SubscribeURL) before alarms flow.
func (o *Observability) alertReceiver(ctx *pulumi.Context, name string, a ObservabilityArgs, ns pulumi.StringInput, k8s, aws []pulumi.ResourceOption) (pulumi.Resource, error) {
	url := pulumi.ToSecret(a.AlertWebhookURL).(pulumi.StringOutput)
	secret, err := corev1.NewSecret(ctx, name+"-alert-webhook", &corev1.SecretArgs{
		Metadata:   &metav1.ObjectMetaArgs{Name: pulumi.String(webhookSecret), Namespace: ns},
		Type:       pulumi.String("Opaque"),
		StringData: pulumi.StringMap{webhookKey: url},
	}, k8s...)
	if err != nil {
		return nil, fmt.Errorf("alert webhook secret: %w", err)
	}
	for i, topic := range a.AlarmTopicArns {
		_, err := sns.NewTopicSubscription(ctx, name+"-alarms-"+strconv.Itoa(i), &sns.TopicSubscriptionArgs{
			Topic:    topic,
			Protocol: pulumi.String("https"),
			Endpoint: url,
			// Let Pulumi finish while the receiver has not confirmed yet.
			EndpointAutoConfirms: pulumi.Bool(false),
		}, aws...)
		if err != nil {
			return nil, fmt.Errorf("alarm topic subscription %d: %w", i, err)
		}
	}
	return secret, nil
}
