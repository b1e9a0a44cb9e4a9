package alerts

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

func TestTopicIsEncryptedWithARotatedKeyCloudWatchMayUse(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewTopic(ctx, "alarms", &TopicArgs{TopicName: "ip-platform-prod-alarms"})
		return err
	})
	topic := offlinetest.Must(t, m, "aws:sns/topic:Topic", "alarms")
	key := offlinetest.Must(t, m, "aws:kms/key:Key", "alarms")

	assert.Equal(t, "ip-platform-prod-alarms", topic.Input("name"))
	assert.Equal(t, "arn:aws:kms:eu-west-1:123456789012:key/alarms", topic.Input("kmsMasterKeyId"), "the topic must use its own key")
	assert.Equal(t, true, key.Input("enableKeyRotation"))

	var policy struct {
		Statement []struct {
			Sid       string
			Principal map[string][]string
			Action    []string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(key.Input("policy").(string)), &policy))
	require.Len(t, policy.Statement, 2)
	assert.Equal(t, []string{"arn:aws:iam::123456789012:root"}, policy.Statement[0].Principal["AWS"], "the account keeps control of the key")
	assert.Equal(t, []string{"cloudwatch.amazonaws.com"}, policy.Statement[1].Principal["Service"], "CloudWatch alarms must be able to publish")
	assert.ElementsMatch(t, []string{"kms:Decrypt", "kms:GenerateDataKey*"}, policy.Statement[1].Action)
}

func TestTopicNameIsValidated(t *testing.T) {
	_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
		_, err := NewTopic(ctx, "alarms", &TopicArgs{TopicName: "bad name"})
		return err
	})
	assert.ErrorContains(t, err, "TopicName")
}

// policyDoc is the part of an IAM policy document the tests read.
type policyDoc struct {
	Statement []struct {
		Sid       string
		Principal map[string][]string
		Action    []string
		Resource  []string
		Condition map[string]map[string]string
	}
}

func decodePolicy(t *testing.T, raw any) policyDoc {
	t.Helper()
	s, ok := raw.(string)
	require.True(t, ok, "the policy must be a resolved JSON string, got %T", raw)
	var doc policyDoc
	require.NoError(t, json.Unmarshal([]byte(s), &doc))
	return doc
}

func TestTopicWithoutPublishersKeepsTheDefaultTopicPolicy(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewTopic(ctx, "alarms", &TopicArgs{TopicName: "ip-platform-dev-alarms"})
		return err
	})
	assert.Empty(t, m.OfType("aws:sns/topicPolicy:TopicPolicy"), "no publisher, no policy replacing SNS's default one")
}

func TestPublishersMayPublishOnlyForTheirSourcesAndUseTheKey(t *testing.T) {
	const rules = "arn:aws:events:eu-west-1:123456789012:rule/ip-platform-prod-security-*"
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewTopic(ctx, "alarms", &TopicArgs{
			TopicName:  "ip-platform-prod-alarms",
			Publishers: []Publisher{{Service: "events.amazonaws.com", SourceArn: rules}},
		})
		return err
	})
	offlinetest.AssertSubtree(t, m, "ip-platform:alerts:Topic", "alarms")
	topicArn := "arn:aws:sns:eu-west-1:123456789012:topic/alarms"
	policy := offlinetest.Must(t, m, "aws:sns/topicPolicy:TopicPolicy", "alarms")
	assert.Equal(t, topicArn, policy.Input("arn"))

	doc := decodePolicy(t, policy.Input("policy"))
	require.Len(t, doc.Statement, 3)
	owner, alarms, events := doc.Statement[0], doc.Statement[1], doc.Statement[2]
	assert.Equal(t, []string{"arn:aws:iam::123456789012:root"}, owner.Principal["AWS"], "the account keeps what SNS's default policy gave it")
	assert.Contains(t, owner.Action, "sns:Subscribe")
	assert.Equal(t, []string{"cloudwatch.amazonaws.com"}, alarms.Principal["Service"], "CloudWatch alarms must keep publishing")
	assert.Equal(t, map[string]string{"aws:SourceAccount": "123456789012"}, alarms.Condition["StringEquals"])

	assert.Equal(t, "EventsPublish", events.Sid)
	assert.Equal(t, []string{"events.amazonaws.com"}, events.Principal["Service"])
	assert.Equal(t, []string{"sns:Publish"}, events.Action, "EventBridge may publish and nothing else")
	assert.Equal(t, []string{topicArn}, events.Resource)
	assert.Equal(t, map[string]string{"aws:SourceArn": rules}, events.Condition["ArnLike"], "only for the stack's rules")
	assert.Equal(t, map[string]string{"aws:SourceAccount": "123456789012"}, events.Condition["StringEquals"], "only for rules of this account")

	key := decodePolicy(t, offlinetest.Must(t, m, "aws:kms/key:Key", "alarms").Input("policy"))
	require.Len(t, key.Statement, 3)
	eventsKey := key.Statement[2]
	assert.Equal(t, []string{"events.amazonaws.com"}, eventsKey.Principal["Service"], "EventBridge needs the key to publish to an encrypted topic")
	assert.ElementsMatch(t, []string{"kms:Decrypt", "kms:GenerateDataKey*"}, eventsKey.Action)
	assert.Empty(t, eventsKey.Condition, "EventBridge's KMS requests carry no source keys: a condition would drop every finding")
}

func TestPublishersOfOneServiceShareAKeyStatement(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewTopic(ctx, "alarms", &TopicArgs{
			TopicName: "ip-platform-prod-alarms",
			Publishers: []Publisher{
				{Service: "events.amazonaws.com", SourceArn: "arn:aws:events:eu-west-1:123456789012:rule/a"},
				{Service: "events.amazonaws.com", SourceArn: "arn:aws:events:eu-west-1:123456789012:rule/b"},
			},
		})
		return err
	})
	doc := decodePolicy(t, offlinetest.Must(t, m, "aws:sns/topicPolicy:TopicPolicy", "alarms").Input("policy"))
	require.Len(t, doc.Statement, 4)
	assert.Equal(t, "EventsPublish", doc.Statement[2].Sid)
	assert.Equal(t, "EventsPublish2", doc.Statement[3].Sid, "statement IDs must be unique")
	key := decodePolicy(t, offlinetest.Must(t, m, "aws:kms/key:Key", "alarms").Input("policy"))
	assert.Len(t, key.Statement, 3, "one key statement per service")
}

func TestPublishersAreValidated(t *testing.T) {
	cases := []struct {
		name      string
		publisher Publisher
		field     string
	}{
		{"not a service principal", Publisher{Service: "arn:aws:iam::123456789012:root", SourceArn: "arn:aws:events:eu-west-1:123456789012:rule/x"}, "Publishers[0].Service"},
		{"no source", Publisher{Service: "events.amazonaws.com"}, "Publishers[0].SourceArn"},
		{"source any", Publisher{Service: "events.amazonaws.com", SourceArn: "*"}, "Publishers[0].SourceArn"},
		{"source without account", Publisher{Service: "events.amazonaws.com", SourceArn: "arn:aws:events:eu-west-1:*:rule/x"}, "Publishers[0].SourceArn"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewTopic(ctx, "alarms", &TopicArgs{TopicName: "alarms", Publishers: []Publisher{tc.publisher}})
				return err
			})
			assert.ErrorContains(t, err, tc.field)
		})
	}
}

func TestStatementID(t *testing.T) {
	assert.Equal(t, "Events", statementID("events.amazonaws.com"))
	assert.Equal(t, "DeliveryLogs", statementID("delivery.logs.amazonaws.com"))
	assert.Equal(t, "CodestarNotifications", statementID("codestar-notifications.amazonaws.com"))
}
