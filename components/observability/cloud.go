package observability

import (
	"fmt"
	"strconv"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/podidentity"
)

// CloudResourcesArgs describes the AWS side of the monitoring stack: what the Kubernetes side
// (NewObservability) reaches in AWS, created apart so that side runs on any cluster with these
// values given.
type CloudResourcesArgs struct {
	// ClusterName prefixes Loki's bucket name and names the cluster of Loki's pod identity
	// association. Required: lower-case letters, digits and dashes.
	ClusterName string
	// PodIdentityAgent is the cluster's pod identity agent add-on (cluster.Cluster.PodIdentityAgent);
	// Loki's association waits for it. Required when LokiMode is LokiSimpleScalable.
	PodIdentityAgent pulumi.Resource
	// Region is the AWS region of the Grafana admin secret. Required.
	Region string
	// OidcProviderArn and OidcIssuerURL are the cluster's IRSA identity provider: the
	// Grafana-secrets role trusts that service account's token through it (External Secrets'
	// SecretStore exchanges it; Pod Identity cannot serve that, see components/podidentity).
	// Required.
	OidcProviderArn pulumi.StringInput
	OidcIssuerURL   pulumi.StringInput
	// LokiMode defaults to LokiSingleBinary, which needs nothing in AWS; LokiSimpleScalable creates
	// the chunk bucket, its KMS key and Loki's Pod Identity role and association.
	LokiMode LokiMode
	// GrafanaAdminSecretName is the Secrets Manager secret the Grafana-secrets role may read, the
	// same name given to NewObservability. Required.
	GrafanaAdminSecretName string
	// AlertWebhookURL is the HTTPS receiver the alarm topics are subscribed to, a Pulumi secret.
	// Optional: nil subscribes nothing.
	AlertWebhookURL pulumi.StringInput
	// AlarmTopicArns are SNS topics of CloudWatch alarms (the data tier's) to forward to the
	// webhook, one subscription each. Optional; ignored without AlertWebhookURL.
	AlarmTopicArns []pulumi.StringInput
}

// CloudResources is the AWS side of the monitoring stack: Loki's chunk bucket with its key and
// Pod Identity role (SimpleScalable only), the IRSA role External Secrets reads the Grafana admin
// secret with, and the alarm topics' subscriptions to the alert webhook. Pass its outputs to
// NewObservability, and make it depend on Identities.
type CloudResources struct {
	pulumi.ResourceState

	// LokiBucket is the S3 bucket of Loki's chunks; empty in SingleBinary mode.
	LokiBucket pulumi.StringOutput
	// LokiRoleArn is the Pod Identity role of Loki's service account; empty in SingleBinary mode.
	LokiRoleArn pulumi.StringOutput
	// Identities are the pod identity associations (Loki's, SimpleScalable only): Loki's pods must
	// be created after them to get their credentials.
	Identities []pulumi.Resource
	// GrafanaSecretsRoleArn is the IRSA role of the service account the Grafana SecretStore
	// authenticates as; it may read GrafanaAdminSecretName and nothing else.
	GrafanaSecretsRoleArn pulumi.StringOutput
}

// NewCloudResources creates the AWS side of the stack. opts must carry the AWS provider.
func NewCloudResources(ctx *pulumi.Context, name string, args *CloudResourcesArgs, opts ...pulumi.ResourceOption) (*CloudResources, error) {
	if args == nil {
		return nil, fmt.Errorf("observability cloud resources %s: args are required", name)
	}
	a := *args
	a.AlarmTopicArns = append([]pulumi.StringInput(nil), args.AlarmTopicArns...)
	if a.LokiMode == "" {
		a.LokiMode = LokiSingleBinary
	}
	if err := a.validate(); err != nil {
		return nil, fmt.Errorf("observability cloud resources %s: %w", name, err)
	}
	c := &CloudResources{}
	err := ctx.RegisterComponentResourceV2("ip-platform:observability:CloudResources", name, pulumi.Map{
		"lokiMode":           pulumi.String(string(a.LokiMode)),
		"alarmSubscriptions": pulumi.Int(a.subscriptions()),
	}, c, opts...)
	if err != nil {
		return nil, err
	}
	if err := c.build(ctx, name, a); err != nil {
		return nil, fmt.Errorf("observability cloud resources %s: %w", name, err)
	}
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{
		"lokiBucket":            c.LokiBucket,
		"lokiRoleArn":           c.LokiRoleArn,
		"grafanaSecretsRoleArn": c.GrafanaSecretsRoleArn,
	})
}

func (a CloudResourcesArgs) validate() error {
	switch {
	case !clusterNamePattern.MatchString(a.ClusterName):
		return fmt.Errorf("ClusterName %q must be lower-case letters, digits and dashes (it names an S3 bucket)", a.ClusterName)
	case !regionPattern.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name (e.g. eu-west-1)", a.Region)
	case a.OidcProviderArn == nil:
		return fmt.Errorf("OidcProviderArn is required")
	case a.OidcIssuerURL == nil:
		return fmt.Errorf("OidcIssuerURL is required")
	case a.LokiMode == LokiSimpleScalable && a.PodIdentityAgent == nil:
		return fmt.Errorf("PodIdentityAgent is required when LokiMode is %s (Loki's pod identity association waits for it)", LokiSimpleScalable)
	case a.LokiMode != LokiSingleBinary && a.LokiMode != LokiSimpleScalable:
		return fmt.Errorf("LokiMode %q must be %s or %s", a.LokiMode, LokiSingleBinary, LokiSimpleScalable)
	case !secretNamePattern.MatchString(a.GrafanaAdminSecretName):
		return fmt.Errorf("GrafanaAdminSecretName %q is not a Secrets Manager secret name", a.GrafanaAdminSecretName)
	}
	for i, t := range a.AlarmTopicArns {
		if t == nil {
			return fmt.Errorf("AlarmTopicArns[%d] is nil", i)
		}
	}
	return nil
}

// subscriptions is the number of alarm topics subscribed to the webhook.
func (a CloudResourcesArgs) subscriptions() int {
	if a.AlertWebhookURL == nil {
		return 0
	}
	return len(a.AlarmTopicArns)
}

func (c *CloudResources) build(ctx *pulumi.Context, name string, a CloudResourcesArgs) error {
	parent := pulumi.Parent(c)
	c.LokiBucket = pulumi.String("").ToStringOutput()
	c.LokiRoleArn = pulumi.String("").ToStringOutput()
	if a.LokiMode == LokiSimpleScalable {
		bucket, role, err := lokiStorage(ctx, name, a, parent)
		if err != nil {
			return err
		}
		c.LokiBucket, c.LokiRoleArn = bucket, role.Arn
		c.Identities = []pulumi.Resource{role.Association}
	}
	roleArn, err := grafanaSecretsRole(ctx, name, a, parent)
	if err != nil {
		return err
	}
	c.GrafanaSecretsRoleArn = roleArn
	return alarmSubscriptions(ctx, name, a, parent)
}

// grafanaSecretsRole is the IRSA role of secretsServiceAccount, allowed to read the Grafana admin
// secret and nothing else. No pod runs as that account: External Secrets requests its token for
// the SecretStore, which is why this role stays IRSA (components/podidentity).
func grafanaSecretsRole(ctx *pulumi.Context, name string, a CloudResourcesArgs, parent pulumi.ResourceOrInvokeOption) (pulumi.StringOutput, error) {
	account := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	partition := aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{}, parent).Partition()
	policy := pulumi.All(partition, account).ApplyT(func(v []any) string {
		return grafanaSecretPolicy(grafanaSecretArn(v[0].(string), a.Region, v[1].(string), a.GrafanaAdminSecretName))
	}).(pulumi.StringOutput)
	role, err := podidentity.NewTokenRole(ctx, name+"-grafana-secrets", &podidentity.TokenRoleArgs{
		OidcProviderArn: a.OidcProviderArn,
		OidcIssuerURL:   a.OidcIssuerURL,
		Namespace:       Namespace,
		ServiceAccount:  secretsServiceAccount,
		Grants:          podidentity.Grants{Policy: policy},
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("grafana secrets role: %w", err)
	}
	return role.Arn, nil
}

// alarmSubscriptions subscribes the webhook to each alarm topic. The URL stays a Pulumi secret.
// SNS sends an HTTPS endpoint a SubscriptionConfirmation first: the receiver must confirm it
// (SubscribeURL) before alarms flow.
func alarmSubscriptions(ctx *pulumi.Context, name string, a CloudResourcesArgs, parent pulumi.ResourceOption) error {
	if a.AlertWebhookURL == nil {
		return nil
	}
	url := pulumi.ToSecret(a.AlertWebhookURL).(pulumi.StringOutput)
	for i, topic := range a.AlarmTopicArns {
		_, err := sns.NewTopicSubscription(ctx, name+"-alarms-"+strconv.Itoa(i), &sns.TopicSubscriptionArgs{
			Topic:    topic,
			Protocol: pulumi.String("https"),
			Endpoint: url,
			// Let Pulumi finish while the receiver has not confirmed yet.
			EndpointAutoConfirms: pulumi.Bool(false),
		}, parent)
		if err != nil {
			return fmt.Errorf("alarm topic subscription %d: %w", i, err)
		}
	}
	return nil
}
