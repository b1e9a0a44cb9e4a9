package baseline

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func apiTestJob(component string, annotations map[string]any) Resource {
	meta := map[string]any{"name": "k6-2026-12-02-1", "namespace": "api-tests", "labels": map[string]any{LabelComponent: component}}
	if annotations != nil {
		meta["annotations"] = annotations
	}
	return Resource{Type: TypeJob, URN: "urn:pulumi:prod::ip-platform::kubernetes:batch/v1:Job::job", Properties: props(map[string]any{"metadata": meta})}
}

func TestAPITestsInProdNeedTheStacksConsent(t *testing.T) {
	consent := map[string]any{AnnotationAllowInProd: "true"}
	cases := []struct {
		name string
		job  Resource
		env  string
		want []string
	}{
		{"a load test in prod without consent", apiTestJob("load-test", nil), "prod", []string{"set loadTest.allowInProd: true"}},
		{"a scan in prod without consent", apiTestJob("security-scan", nil), "prod", []string{"set securityScan.allowInProd: true"}},
		{"consent other than true", apiTestJob("load-test", map[string]any{AnnotationAllowInProd: "yes"}), "prod", []string{"production API without the stack's consent"}},
		{"a load test in prod with consent", apiTestJob("load-test", consent), "prod", nil},
		{"a scan in prod with consent", apiTestJob("security-scan", consent), "prod", nil},
		{"a load test in staging", apiTestJob("load-test", nil), "staging", nil},
		{"a load test in dev", apiTestJob("load-test", nil), "dev", nil},
		{"another Job in prod", apiTestJob("", nil), "prod", nil},
		{"consent unknown at preview", apiTestJob("load-test", map[string]any{AnnotationAllowInProd: unknownValue{}}), "prod", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, APITestInProd(tc.job, tc.env))
		})
	}
}

func TestAPITestsInProdPolicyJudgesJobsOnly(t *testing.T) {
	p := APITestsInProdPolicy()
	assert.Equal(t, "api-tests-in-prod", p.Name)
	assert.NotEmpty(t, p.CheckResource(apiTestJob("load-test", nil), "prod", nil))
	ns := apiTestJob("load-test", nil)
	ns.Type = TypeNamespace
	assert.Empty(t, p.CheckResource(ns, "prod", nil), "only Jobs run tests")
}

func TestAPITestsInProdIsMandatoryThroughTheEngine(t *testing.T) {
	pack, err := Pack("prod")
	require.NoError(t, err)
	p, ok := enginePolicy(t, pack, "api-tests-in-prod").(policyx.ResourceValidationPolicy)
	require.True(t, ok, "api-tests-in-prod validates resources")
	assert.Equal(t, policyx.EnforcementLevelMandatory, p.EnforcementLevel(), "a load test in prod must stop the update")

	job := apiTestJob("load-test", nil)
	m := &fakeManager{}
	require.NoError(t, p.Validate(t.Context(), policyx.ResourceValidationArgs{
		Manager:  m,
		Resource: policyx.AnalyzerResource{Type: job.Type, Name: "job", URN: job.URN, Properties: job.Properties},
	}))
	require.Len(t, m.reports, 1)
	assert.Equal(t, job.URN, m.reports[0].URN)
	assert.Contains(t, m.reports[0].Message, "loadTest.allowInProd")
}
