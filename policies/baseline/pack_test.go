package baseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// fakeManager records what the policies report, as the engine's policy manager would.
type fakeManager struct{ reports []Finding }

func (m *fakeManager) ReportViolation(message, urn string) {
	m.reports = append(m.reports, Finding{URN: urn, Message: message})
}

func enginePolicy(t *testing.T, pack policyx.PolicyPack, name string) policyx.Policy {
	t.Helper()
	for _, p := range pack.Policies() {
		if p.Name() == name {
			return p
		}
	}
	require.Failf(t, "policy missing from the pack", "%s", name)
	return nil
}

func TestPackWrapsEveryPolicy(t *testing.T) {
	pack, err := Pack("prod")
	require.NoError(t, err)
	assert.Equal(t, PackName, pack.Name())
	assert.Equal(t, PackVersion, pack.Version().String())
	require.Len(t, pack.Policies(), len(Policies()))
	for i, p := range pack.Policies() {
		assert.Equal(t, Policies()[i].Name, p.Name())
		assert.Equal(t, Policies()[i].Enforcement, p.EnforcementLevel(), p.Name())
		assert.NotEmpty(t, p.Description(), p.Name())
		if s := p.ConfigSchema(); s != nil {
			// GetAnalyzerInfo sends each schema as a protobuf Struct: it must convert.
			m := map[string]any{}
			for k, v := range s.Properties {
				m[k] = v
			}
			_, err := structpb.NewStruct(m)
			assert.NoError(t, err, "schema of %s", p.Name())
		}
	}
}

func TestResourcePolicyReportsOnTheResourceThroughTheManager(t *testing.T) {
	pack, err := Pack("prod")
	require.NoError(t, err)
	p, ok := enginePolicy(t, pack, "rds-baseline").(policyx.ResourceValidationPolicy)
	require.True(t, ok, "rds-baseline validates resources")

	m := &fakeManager{}
	urn := "urn:pulumi:prod::ip-platform::ip-platform:database:Database$aws:rds/instance:Instance::db"
	err = p.Validate(t.Context(), policyx.ResourceValidationArgs{
		Manager: m,
		Resource: policyx.AnalyzerResource{
			Type: TypeRDSInstance, Name: "db", URN: urn,
			Properties: props(map[string]any{"storageEncrypted": true, "publiclyAccessible": true, "multiAz": true, "deletionProtection": true, "backupRetentionPeriod": 14}),
		},
	})
	require.NoError(t, err)
	require.Len(t, m.reports, 1)
	assert.Equal(t, urn, m.reports[0].URN)
	assert.Contains(t, m.reports[0].Message, "publiclyAccessible is true")
}

func TestResourcePolicyTakesTheEnvironmentFromTheProviderDefaultTags(t *testing.T) {
	pack, err := Pack("some-stack")
	require.NoError(t, err)
	p := enginePolicy(t, pack, "rds-baseline").(policyx.ResourceValidationPolicy)
	single := props(map[string]any{"storageEncrypted": true, "multiAz": false, "deletionProtection": true, "backupRetentionPeriod": 14})
	validate := func(env string) []Finding {
		m := &fakeManager{}
		require.NoError(t, p.Validate(t.Context(), policyx.ResourceValidationArgs{Manager: m, Resource: policyx.AnalyzerResource{
			Type: TypeRDSInstance, URN: "urn:db", Properties: single,
			Provider: policyx.AnalyzerProviderResource{Type: TypeAWSProvider, Properties: props(map[string]any{
				"defaultTags": map[string]any{"tags": map[string]any{"environment": env}},
			})},
		}}))
		return m.reports
	}
	assert.Len(t, validate("prod"), 1, "prod needs Multi-AZ")
	assert.Empty(t, validate("dev"), "dev may run in one zone")
}

func TestStackPolicyReportsOnTheOffendingResource(t *testing.T) {
	pack, err := Pack("")
	require.NoError(t, err)
	p, ok := enginePolicy(t, pack, "s3-baseline").(policyx.StackValidationPolicy)
	require.True(t, ok, "s3-baseline validates the stack")

	m := &fakeManager{}
	err = p.Validate(t.Context(), policyx.StackValidationArgs{Manager: m, Resources: []policyx.AnalyzerResource{
		{Type: TypeBucketV2, URN: "urn:pulumi:prod::ip-platform::aws:s3/bucketV2:BucketV2::logs", Properties: props(map[string]any{})},
	}})
	require.NoError(t, err)
	require.Len(t, m.reports, 2)
	assert.Equal(t, "urn:pulumi:prod::ip-platform::aws:s3/bucketV2:BucketV2::logs", m.reports[0].URN)
}

func TestEvaluateRunsEveryPolicyWithItsEnforcement(t *testing.T) {
	deployment := Resource{Type: TypeDeployment, Name: "trademark", URN: "urn:trademark",
		Properties: props(deploymentOf("trademark", goodContainer("trademark", "2", "1Gi")))}
	violations := Evaluate([]Resource{deployment}, "prod", nil)
	var policies []string
	for _, v := range violations {
		policies = append(policies, v.Policy)
		assert.Equal(t, "urn:trademark", v.URN)
		assert.Equal(t, TypeDeployment, v.Type)
		assert.True(t, v.Mandatory())
	}
	assert.Equal(t, []string{"ip-service-limits", "ip-service-availability", "ip-service-availability"}, policies,
		"the raised CPU limit, and neither an HPA nor a PDB")

	configured := Evaluate([]Resource{deployment}, "prod", map[string]map[string]any{
		"ip-service-limits": {"services": map[string]any{"trademark": map[string]any{"cpu": "2", "memory": "1Gi"}}},
	})
	assert.Len(t, configured, 2, "policy configuration reaches the policy")
}
