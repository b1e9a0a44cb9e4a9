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
