package baseline

import (
	"fmt"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/policyx"
)

// The API tests' Jobs and their consent annotation (components/apitests).
const (
	// LabelComponent says which test a Job runs (app.kubernetes.io/component).
	LabelComponent = "app.kubernetes.io/component"
	// AnnotationAllowInProd is the stack's explicit consent (loadTest.allowInProd,
	// securityScan.allowInProd) to run a test against the production API.
	AnnotationAllowInProd = "ip-platform.io/allow-in-prod"
)

// apiTestComponents are the tests that put load or scanner traffic on the API.
var apiTestComponents = []string{"load-test", "security-scan"}

// APITestsInProdPolicy: a load test or a security scan aimed at the production API takes
// capacity from its users, trips its alerts and fills its logs; it runs only where the stack
// says so explicitly, never because a default or a copied stack file turned it on.
func APITestsInProdPolicy() Policy {
	return Policy{
		Name:        "api-tests-in-prod",
		Description: "In prod, a load test or security scan Job (app.kubernetes.io/component load-test or security-scan) carries the stack's explicit consent, annotation ip-platform.io/allow-in-prod: \"true\" (loadTest.allowInProd, securityScan.allowInProd).",
		Enforcement: policyx.EnforcementLevelMandatory,
		CheckResource: func(r Resource, env string, _ map[string]any) []string {
			if r.Type != TypeJob && r.Type != TypeCronJob {
				return nil
			}
			return APITestInProd(r, env)
		},
	}
}

// APITestInProd judges one Job (or CronJob) in environment env.
func APITestInProd(r Resource, env string) []string {
	job := r.Properties
	if env != "prod" {
		return nil
	}
	component, _ := get(job, "metadata", "labels", LabelComponent).str()
	if !slices.Contains(apiTestComponents, component) {
		return nil
	}
	consent := get(job, "metadata", "annotations", AnnotationAllowInProd)
	if consent.unknown {
		return nil
	}
	if v, _ := consent.str(); v == "true" {
		return nil
	}
	return []string{fmt.Sprintf("the %s Job %s would run against the production API without the stack's consent: set %s.allowInProd: true (annotation %s: \"true\") to mean it",
		component, quote(objectName(r)), consentKey(component), AnnotationAllowInProd)}
}

func consentKey(component string) string {
	if component == "load-test" {
		return "loadTest"
	}
	return "securityScan"
}
