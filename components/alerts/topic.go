package alerts

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/iampolicy"
	"github.com/ip-platform/infra/internal/tags"
)

// topicNamePattern is what SNS accepts for a standard topic name.
var topicNamePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// keyDeletionWindowDays is the longest wait KMS allows: a deleted key silences every alarm.
const keyDeletionWindowDays = 30

// TopicArgs configures a Topic.
type TopicArgs struct {
	// TopicName is the physical SNS topic name, e.g. "ip-platform-prod-alarms". Required.
	TopicName string
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
	t := &Topic{}
	if err := ctx.RegisterComponentResourceV2("ip-platform:alerts:Topic", name, pulumi.Map{
		"topicName": pulumi.String(args.TopicName),
	}, t, opts...); err != nil {
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
		Policy:               pulumi.All(partition, account).ApplyT(func(v []any) string { return keyPolicy(v[0].(string), v[1].(string)) }).(pulumi.StringOutput),
		Tags:                 tags.Name(args.TopicName),
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
	t.Arn = topic.Arn
	t.KeyArn = key.Arn
	return t, ctx.RegisterResourceOutputs(t, pulumi.Map{"arn": t.Arn, "keyArn": t.KeyArn})
}

// keyPolicy keeps the key administrable by the account's IAM policies and lets CloudWatch (alarm
// actions) encrypt messages for the topic; nobody else is named.
func keyPolicy(partition, account string) string {
	return iampolicy.New(
		iampolicy.Statement{
			Sid: "AccountAdministersTheKey", Effect: "Allow",
			Principal: map[string][]string{"AWS": {fmt.Sprintf("arn:%s:iam::%s:root", partition, account)}},
			Action:    []string{"kms:*"}, Resource: []string{"*"},
		},
		iampolicy.Statement{
			Sid: "CloudWatchAlarmsPublish", Effect: "Allow",
			Principal: map[string][]string{"Service": {"cloudwatch.amazonaws.com"}},
			Action:    []string{"kms:Decrypt", "kms:GenerateDataKey*"}, Resource: []string{"*"},
		},
	).JSON()
}
