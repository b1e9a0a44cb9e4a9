package observability

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const cloudType = "ip-platform:observability:CloudResources"

func devCloudArgs() *CloudResourcesArgs {
	return &CloudResourcesArgs{
		ClusterName: "ip-platform-dev", Region: "eu-west-1",
		OidcProviderArn:        pulumi.String("arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
		OidcIssuerURL:          pulumi.String("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
		GrafanaAdminSecretName: "ip-platform/dev/grafana-admin",
	}
}

func prodCloudArgs() *CloudResourcesArgs {
	a := devCloudArgs()
	a.ClusterName, a.GrafanaAdminSecretName = "ip-platform-prod", "ip-platform/prod/grafana-admin"
	a.LokiMode = LokiSimpleScalable
	a.AlertWebhookURL = pulumi.ToSecret(pulumi.String("https://hooks.example.com/alerts")).(pulumi.StringOutput)
	a.AlarmTopicArns = []pulumi.StringInput{pulumi.String("arn:aws:sns:eu-west-1:123456789012:ip-platform-prod-alarms")}
	return a
}

func runCloud(t *testing.T, args *CloudResourcesArgs) (*offline.Mocks, *CloudResources) {
	t.Helper()
	var c *CloudResources
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		var err error
		if args.PodIdentityAgent, err = offlinetest.PodIdentityAgent(ctx); err != nil {
			return err
		}
		c, err = NewCloudResources(ctx, "obs", args)
		return err
	})
	return m, c
}

// awsTypes counts the AWS resources of a run by type, and fails on anything from another provider.
func awsTypes(t *testing.T, m *offline.Mocks) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, r := range m.Resources() {
		if !r.Custom {
			continue
		}
		require.True(t, strings.HasPrefix(r.Type, "aws:"), "%s %s: the cloud side creates AWS resources only", r.Type, r.Name)
		out[r.Type]++
	}
	return out
}

func TestCloudResourcesCreateExactlyTheAWSResources(t *testing.T) {
	m, _ := runCloud(t, prodCloudArgs())
	assert.Equal(t, map[string]int{
		"aws:kms/key:Key":          1,
		"aws:s3/bucketV2:BucketV2": 1,
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":                                     1,
		"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     1,
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": 1,
		"aws:s3/bucketPolicy:BucketPolicy":                                                           1, // TLS only
		"aws:iam/role:Role":                                                                          2, // Loki, Grafana secrets
		"aws:iam/rolePolicy:RolePolicy":                                                              2,
		"aws:eks/podIdentityAssociation:PodIdentityAssociation":                                      1, // Loki's; Grafana's secrets role is IRSA
		"aws:sns/topicSubscription:TopicSubscription":                                                1,
	}, awsTypes(t, m))
	offlinetest.AssertSubtree(t, m, cloudType, "obs")

	dev, _ := runCloud(t, devCloudArgs())
	assert.Equal(t, map[string]int{"aws:iam/role:Role": 1, "aws:iam/rolePolicy:RolePolicy": 1}, awsTypes(t, dev),
		"single-binary Loki needs no bucket and no webhook subscribes nothing: only the Grafana secrets role")
}

func TestCloudOutputs(t *testing.T) {
	_, c := runCloud(t, prodCloudArgs())
	assert.NotEmpty(t, offlinetest.Await(t, c.LokiBucket))
	assert.Equal(t, "arn:aws:iam::123456789012:role/obs-loki", offlinetest.Await(t, c.LokiRoleArn))
	assert.Equal(t, "arn:aws:iam::123456789012:role/obs-grafana-secrets", offlinetest.Await(t, c.GrafanaSecretsRoleArn))

	_, dev := runCloud(t, devCloudArgs())
	assert.Equal(t, "", offlinetest.Await(t, dev.LokiBucket), "no bucket in SingleBinary mode")
	assert.Equal(t, "", offlinetest.Await(t, dev.LokiRoleArn))
}

func TestLokiBucketIsEncryptedWithItsOwnKey(t *testing.T) {
	m, _ := runCloud(t, prodCloudArgs())
	bucket := offlinetest.Must(t, m, "aws:s3/bucketV2:BucketV2", "obs-loki")
	assert.Equal(t, "ip-platform-prod-loki-", bucket.Input("bucketPrefix"))
	enc := offlinetest.Must(t, m, "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "obs-loki")
	assert.Equal(t, "aws:kms", enc.Input("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
	key := offlinetest.Must(t, m, "aws:kms/key:Key", "obs-loki")
	assert.Equal(t, true, key.Input("enableKeyRotation"))
	block := offlinetest.Must(t, m, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "obs-loki")
	assert.Equal(t, true, block.Input("restrictPublicBuckets"))
	assert.Contains(t, offlinetest.Must(t, m, "aws:s3/bucketPolicy:BucketPolicy", "obs-loki").Input("policy"), `"aws:SecureTransport":"false"`,
		"Loki's client speaks TLS to S3, so the bucket refuses anything else")
	role := offlinetest.Must(t, m, "aws:iam/role:Role", "obs-loki")
	assert.Contains(t, role.Input("assumeRolePolicy"), `"aws:RequestTag/kubernetes-service-account":"loki"`)
	assoc := offlinetest.Must(t, m, "aws:eks/podIdentityAssociation:PodIdentityAssociation", "obs-loki")
	assert.Equal(t, "observability", assoc.Input("namespace"))
	assert.Equal(t, "loki", assoc.Input("serviceAccount"), "the association names the service account Loki's chart creates")
}

func TestGrafanaSecretsRoleReadsOnlyTheAdminSecret(t *testing.T) {
	m, _ := runCloud(t, devCloudArgs())
	role := offlinetest.Must(t, m, "aws:iam/role:Role", "obs-grafana-secrets")
	assert.Contains(t, role.Input("assumeRolePolicy"), "system:serviceaccount:observability:"+secretsServiceAccount)
	policy := offlinetest.Must(t, m, "aws:iam/rolePolicy:RolePolicy", "obs-grafana-secrets-inline")
	var doc struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(policy.Input("policy").(string)), &doc))
	require.Len(t, doc.Statement, 1)
	assert.Equal(t, []any{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:ip-platform/dev/grafana-admin-??????"}, doc.Statement[0]["Resource"],
		"the role may read the Grafana admin secret and nothing else")
}

func TestAlarmTopicsAreSubscribedToTheWebhookOnly(t *testing.T) {
	m, _ := runCloud(t, prodCloudArgs())
	sub := offlinetest.Must(t, m, "aws:sns/topicSubscription:TopicSubscription", "obs-alarms-0")
	assert.Equal(t, "https", sub.Input("protocol"))
	assert.Equal(t, "arn:aws:sns:eu-west-1:123456789012:ip-platform-prod-alarms", sub.Input("topic"))
	ep, _ := sub.InputValue("endpoint")
	assert.True(t, ep.ContainsSecrets(), "the webhook URL stays a Pulumi secret")

	noHook := prodCloudArgs()
	noHook.AlertWebhookURL = nil
	m, _ = runCloud(t, noHook)
	assert.Empty(t, m.OfType("aws:sns/topicSubscription:TopicSubscription"), "without a webhook nothing is subscribed")
}

func TestBadCloudArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc  string
		edit  func(*CloudResourcesArgs)
		field string
	}{
		{"upper-case cluster", func(a *CloudResourcesArgs) { a.ClusterName = "Prod" }, "ClusterName"},
		{"no region", func(a *CloudResourcesArgs) { a.Region = "" }, "Region"},
		{"no oidc provider", func(a *CloudResourcesArgs) { a.OidcProviderArn = nil }, "OidcProviderArn"},
		{"no oidc issuer", func(a *CloudResourcesArgs) { a.OidcIssuerURL = nil }, "OidcIssuerURL"},
		{"scalable loki without the agent", func(a *CloudResourcesArgs) { a.LokiMode, a.PodIdentityAgent = LokiSimpleScalable, nil }, "PodIdentityAgent"},
		{"unknown loki mode", func(a *CloudResourcesArgs) { a.LokiMode = "Distributed" }, "LokiMode"},
		{"no grafana secret", func(a *CloudResourcesArgs) { a.GrafanaAdminSecretName = "" }, "GrafanaAdminSecretName"},
		{"nil topic", func(a *CloudResourcesArgs) { a.AlarmTopicArns = []pulumi.StringInput{nil} }, "AlarmTopicArns[0]"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := devCloudArgs()
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				var err error
				if args.PodIdentityAgent, err = offlinetest.PodIdentityAgent(ctx); err != nil {
					return err
				}
				tc.edit(args)
				_, err = NewCloudResources(ctx, "obs", args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "observability cloud resources obs: "+tc.field)
			assert.Len(t, m.Resources(), 1, "nothing but the agent stand-in may be registered before validation passes")
		})
	}
}
