package alerts

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// topicNamePattern is what SNS accepts for a standard topic name.
var topicNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// servicePrincipalPattern is an AWS service principal such as events.amazonaws.com.
var servicePrincipalPattern = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$`)

// cloudWatchPrincipal is the service that publishes alarm state changes.
const cloudWatchPrincipal = "cloudwatch.amazonaws.com"

// keyDeletionWindowDays is the longest wait KMS allows: a deleted key silences every alarm.
const keyDeletionWindowDays = 30

// TopicArgs configures a Topic.
type TopicArgs struct {
	// TopicName is the physical SNS topic name, e.g. "ip-platform-prod-alarms". Required.
	TopicName string
	// Publishers are the AWS services besides CloudWatch alarms that may publish to the topic, such
	// as EventBridge rules forwarding security findings. Each gets the topic policy and key policy
	// statements it needs. Optional; without any the topic keeps SNS's default policy.
	Publishers []Publisher
}

// Publisher is an AWS service allowed to publish to the topic on behalf of some of the account's
// resources.
type Publisher struct {
	// Service is the service principal, e.g. "events.amazonaws.com". Required.
	Service string
	// SourceArn is the ARN, or an ArnLike pattern, of the resources the service publishes for, e.g.
	// "arn:aws:events:us-east-1:111122223333:rule/ip-platform-prod-security-*". Required: a service
	// admitted without it would publish for any resource of any account that names the topic (the
	// confused deputy).
	SourceArn string
}

// Topic is a KMS-encrypted SNS topic that CloudWatch alarms may publish to.
type Topic struct {
	pulumi.ResourceState

	// Arn is the topic's ARN, for alarm actions.
	Arn pulumi.StringOutput
	// KeyArn is the ARN of the key that encrypts the topic.
	KeyArn pulumi.StringOutput
}

// NewTopic creates the topic and its key.
func NewTopic(ctx *pulumi.Context, name string, args *TopicArgs, opts ...pulumi.ResourceOption) (*Topic, error) {
	if args == nil {
		return nil, fmt.Errorf("alerts %s: args are required", name)
	}
	if !topicNamePattern.MatchString(args.TopicName) {
		return nil, fmt.Errorf("alerts %s: TopicName %q must be 1-256 letters, digits, '-' or '_'", name, args.TopicName)
	}
	if err := validatePublishers(args.Publishers); err != nil {
		return nil, fmt.Errorf("alerts %s: %w", name, err)
	}
	publishers := slices.Clone(args.Publishers)
	inputs := pulumi.Map{"topicName": pulumi.String(args.TopicName)}
	if len(publishers) > 0 {
		inputs["publishers"] = publishersInput(publishers)
	}
	t := &Topic{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:alerts:Topic", name, inputs, t, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(t)

	// The key policy must name the account; the caller's identity is one of the few look-ups that
	// need no network at preview time (the offline mocks answer it).
	account := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	partition := aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{}, parent).Partition()
	key, err := kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.String("Encrypts the alarm topic " + args.TopicName),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(keyDeletionWindowDays),
		Policy: pulumi.All(partition, account).ApplyT(func(v []any) string {
			return keyPolicy(v[0].(string), v[1].(string), publishers)
		}).(pulumi.StringOutput),
		Tags: tags.Name(args.TopicName),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("alerts %s: key: %w", name, err)
	}
	if _, err := kms.NewAlias(ctx, name, &kms.AliasArgs{
		Name:        pulumi.String("alias/" + args.TopicName),
		TargetKeyId: key.KeyId,
	}, parent); err != nil {
		return nil, fmt.Errorf("alerts %s: key alias: %w", name, err)
	}
	topic, err := sns.NewTopic(ctx, name, &sns.TopicArgs{
		Name:           pulumi.String(args.TopicName),
		KmsMasterKeyId: key.Arn,
		Tags:           tags.Name(args.TopicName),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("alerts %s: topic: %w", name, err)
	}
	if len(publishers) > 0 {
		// A topic policy replaces SNS's default one, so it restates what the default allowed (the
		// account's own principals) and keeps CloudWatch alarms publishing.
		if _, err := sns.NewTopicPolicy(ctx, name, &sns.TopicPolicyArgs{
			Arn: topic.Arn,
			Policy: pulumi.All(topic.Arn, partition, account).ApplyT(func(v []any) string {
				return topicPolicy(v[0].(string), v[1].(string), v[2].(string), publishers)
			}).(pulumi.StringOutput),
		}, parent); err != nil {
			return nil, fmt.Errorf("alerts %s: topic policy: %w", name, err)
		}
	}
	t.Arn = topic.Arn
	t.KeyArn = key.Arn
	return t, ctx.RegisterResourceOutputs(t, pulumi.Map{"arn": t.Arn, "keyArn": t.KeyArn})
}

// keyPolicy keeps the key administrable by the account's IAM policies and lets CloudWatch (alarm
// actions) and each publishing service encrypt messages for the topic; nobody else is named. A
// publisher to an encrypted topic needs the data key itself, so the services are named here as
// well as in the topic policy, which is where their sources are restricted: the key statements
// carry no aws:SourceArn or aws:SourceAccount condition because EventBridge's KMS requests do not
// carry those keys (AWS documents it), and such a condition would drop every finding silently.
func keyPolicy(partition, account string, publishers []Publisher) string {
	statements := []iampolicy.Statement{
		{
			Sid: "AccountAdministersTheKey", Effect: "Allow",
			Principal: map[string][]string{"AWS": {fmt.Sprintf("arn:%s:iam::%s:root", partition, account)}},
			Action:    []string{"kms:*"}, Resource: []string{"*"},
		},
		{
			Sid: "CloudWatchAlarmsPublish", Effect: "Allow",
			Principal: map[string][]string{"Service": {cloudWatchPrincipal}},
			Action:    []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: []string{"*"},
		},
	}
	for _, service := range publisherServices(publishers) {
		statements = append(statements, iampolicy.Statement{
			Sid: statementID(service) + "Publish", Effect: "Allow",
			Principal: map[string][]string{"Service": {service}},
			Action:    []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: []string{"*"},
		})
	}
	return iampolicy.New(statements...).JSON()
}
