package tests

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/plan"
)

const (
	ingressType       = "kubernetes:networking.k8s.io/v1:Ingress"
	webACLType        = "aws:wafv2/webAcl:WebAcl"
	certificateType   = "aws:acm/certificate:Certificate"
	ecrRepoType       = "aws:ecr/repository:Repository"
	logBucketType     = "aws:s3/bucketV2:BucketV2"
	logBlockType      = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	logEncryptionType = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	logLifecycleType  = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	bucketPolicyType  = "aws:s3/bucketPolicy:BucketPolicy"
)

// gatewayResource returns the resource of typ whose logical name is the gateway's name plus suffix.
func gatewayResource(t *testing.T, r *plan.Result, stack, typ, suffix string) offline.Resource {
	t.Helper()
	name := "ip-platform-" + stack + "-gateway" + suffix
	for _, res := range ofType(r, typ) {
		if res.Name == name {
			return res
		}
	}
	require.Failf(t, "missing resource", "stack %s has no %s named %s", stack, typ, name)
	return offline.Resource{}
}

func albAnnotation(ing offline.Resource, k string) any {
	return ing.Input(`metadata.annotations["alb.ingress.kubernetes.io/` + k + `"]`)
}

func TestEveryStackRoutesTheThreeServicesThroughOneTLSLoadBalancer(t *testing.T) {
	want := map[string]struct {
		namespace string
		port      float64
	}{
		"/trademark":      {"trademark", 4001},
		"/copyright":      {"copyright", 4003},
		"/recommendation": {"recommendation", 3000},
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			ingresses := ofType(r, ingressType)
			if meshStacks[stack] {
				require.Len(t, ingresses, 1, "with the mesh, one Ingress: to the ingress gateway (tests/edge_test.go)")
			} else {
				require.Len(t, ingresses, 3, "one Ingress per service namespace")
			}
			routed := map[string]bool{}
			groups := map[any]bool{}
			for _, ing := range ingresses {
				groups[albAnnotation(ing, "group.name")] = true
				assert.Equal(t, "alb", ing.Input("spec.ingressClassName"))
				assert.Equal(t, "internet-facing", albAnnotation(ing, "scheme"))
				assert.Equal(t, "ip", albAnnotation(ing, "target-type"))
				assert.Equal(t, "ELBSecurityPolicy-TLS13-1-2-2021-06", albAnnotation(ing, "ssl-policy"), "%s: modern TLS only", ing.Name)
				assert.Equal(t, "443", albAnnotation(ing, "ssl-redirect"), "%s: HTTP redirects to HTTPS", ing.Name)
				assert.NotEmpty(t, albAnnotation(ing, "certificate-arn"), "%s serves the stack's certificate", ing.Name)
				assert.NotEmpty(t, albAnnotation(ing, "wafv2-acl-arn"), "%s sits behind the WAF", ing.Name)
				assert.Equal(t, "api."+stack+".ip-platform.example.com", ing.Input("spec.rules[0].host"))
				paths, _ := ing.Input("spec.rules[0].http.paths").([]any)
				if meshStacks[stack] {
					continue // the gateway routes by path: tests/edge_test.go
				}
				for i := range paths {
					p := func(field string) any {
						return ing.Input(fmt.Sprintf("spec.rules[0].http.paths[%d].%s", i, field))
					}
					path, _ := p("path").(string)
					w, ok := want[path]
					if !assert.True(t, ok, "unexpected route %s", path) {
						continue
					}
					routed[path] = true
					assert.Equal(t, w.namespace, ing.Input("metadata.namespace"), "%s must be routed from its service's namespace", path)
					assert.Equal(t, w.namespace, p("backend.service.name"))
					assert.Equal(t, w.port, p("backend.service.port.number"), "%s goes to the service's API port", path)
				}
			}
			assert.Len(t, groups, 1, "the Ingresses share one ALB (one IngressGroup)")
			if !meshStacks[stack] {
				assert.Len(t, routed, 3, "every service is routed: %v", routed)
			}

			cert := gatewayResource(t, r, stack, certificateType, "-cert")
			assert.Equal(t, "api."+stack+".ip-platform.example.com", cert.Input("domainName"))
			assert.Equal(t, "DNS", cert.Input("validationMethod"))
		})
	}
}

func TestWAFRateLimitFollowsTheEnvironment(t *testing.T) {
	limits := map[string]float64{"dev": 1000, "staging": 10000, "prod": 2000}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			acls := ofType(r, webACLType)
			require.Len(t, acls, 1)
			acl := acls[0]
			assert.Equal(t, "REGIONAL", acl.Input("scope"))
			assert.Equal(t, limits[stack], acl.Input("rules[0].statement.rateBasedStatement.limit"), "rate limit of %s", stack)
			assert.Equal(t, "AWSManagedRulesCommonRuleSet", acl.Input("rules[1].statement.managedRuleGroupStatement.name"))
		})
	}
}

func TestAccessLogsArePrivateEncryptedAndKeptPerEnvironment(t *testing.T) {
	retention := map[string]float64{"dev": 7, "staging": 30, "prod": 365}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			bucket := gatewayResource(t, r, stack, logBucketType, "-access-logs")
			assert.Equal(t, stack != "prod", bucket.Input("forceDestroy"), "only non-production logs go with a destroy")

			block := gatewayResource(t, r, stack, logBlockType, "-access-logs")
			for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				assert.Equal(t, true, block.Input(k), "log bucket %s", k)
			}
			sse := gatewayResource(t, r, stack, logEncryptionType, "-access-logs")
			assert.Equal(t, "AES256", sse.Input("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"))
			lifecycle := gatewayResource(t, r, stack, logLifecycleType, "-access-logs")
			assert.Equal(t, retention[stack], lifecycle.Input("rules[0].expiration.days"), "log retention of %s", stack)

			policy := gatewayResource(t, r, stack, bucketPolicyType, "-access-logs")
			var doc struct{ Statement []map[string]any }
			require.NoError(t, json.Unmarshal([]byte(policy.Input("policy").(string)), &doc))
			require.NotEmpty(t, doc.Statement)
			assert.Equal(t, map[string]any{"AWS": []any{"arn:aws:iam::127311923021:root"}}, doc.Statement[0]["Principal"],
				"the stacks run in us-east-1, whose ALB logs come from the ELB account 127311923021")
		})
	}
}

func TestEachStackOwnsItsImageRepositories(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			var names []string
			for _, repo := range ofType(r, ecrRepoType) {
				names = append(names, repo.Input("name").(string))
				assert.Equal(t, "IMMUTABLE", repo.Input("imageTagMutability"), "%s", repo.Name)
				assert.Equal(t, true, repo.Input("imageScanningConfiguration.scanOnPush"), "%s", repo.Name)
				assert.Equal(t, "KMS", repo.Input("encryptionConfigurations[0].encryptionType"), "%s", repo.Name)
				assert.Equal(t, stack != "prod", repo.Input("forceDelete"), "prod images survive a destroy")
			}
			slices.Sort(names)
			prefix := "ip-platform/" + stack + "/"
			assert.Equal(t, []string{prefix + "copyright", prefix + "recommendation", prefix + "trademark"}, names,
				"repositories are named with the stack so the three stacks never collide in one account")
		})
	}
}

func TestServiceImagesComeFromTheStacksOwnRepositories(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			repos := map[string]bool{}
			for _, repo := range ofType(r, ecrRepoType) {
				repos[repo.Input("name").(string)] = true
			}
			deployments := ofType(r, "kubernetes:apps/v1:Deployment")
			require.NotEmpty(t, deployments)
			for _, d := range deployments {
				image, _ := d.Input("spec.template.spec.containers[0].image").(string)
				_, path, found := strings.Cut(image, ".amazonaws.com/")
				require.True(t, found, "%s runs %q, not an ECR image", d.Name, image)
				repo, _, _ := strings.Cut(strings.Split(path, "@")[0], ":")
				assert.True(t, repos[repo], "%s pulls from %s, which is not one of this stack's repositories %v", d.Name, repo, repos)
			}
		})
	}
}

// readinessEndpoint returns the port number and path of a Deployment's readiness probe, resolving a
// named probe port through the container's ports.
func readinessEndpoint(t *testing.T, d offline.Resource) (string, string) {
	t.Helper()
	c, _ := d.Input("spec.template.spec.containers[0]").(map[string]any)
	require.NotNil(t, c, "%s has no container", d.Name)
	get, _ := c["readinessProbe"].(map[string]any)["httpGet"].(map[string]any)
	require.NotNil(t, get, "%s has no HTTP readiness probe", d.Name)
	path, _ := get["path"].(string)
	switch port := get["port"].(type) {
	case float64:
		return strconv.Itoa(int(port)), path
	case string:
		for _, p := range c["ports"].([]any) {
			if pm := p.(map[string]any); pm["name"] == port {
				return strconv.Itoa(int(pm["containerPort"].(float64))), path
			}
		}
		require.Failf(t, "unknown probe port", "%s probes port %q, which its container does not declare", d.Name, port)
	}
	require.Failf(t, "no probe port", "%s's readiness probe names no port", d.Name)
	return "", ""
}

// podsOf returns the Deployments whose pods the Service namespace/name selects.
func podsOf(t *testing.T, r *plan.Result, namespace, name string) []offline.Resource {
	t.Helper()
	svc := serviceObject(t, r, "kubernetes:core/v1:Service", namespace, name)
	selector, _ := svc.Input("spec.selector").(map[string]any)
	require.NotEmpty(t, selector, "Service %s/%s selects no pods", namespace, name)
	var out []offline.Resource
	for _, d := range ofType(r, deploymentType) {
		labels, _ := d.Input("spec.template.metadata.labels").(map[string]any)
		selected := d.Input("metadata.namespace") == namespace
		for k, v := range selector {
			selected = selected && labels[k] == v
		}
		if selected {
			out = append(out, d)
		}
	}
	return out
}

// Without the mesh (dev) the ALB targets the services' pods; with it, the ingress gateway's
// (tests/edge_test.go checks that health check).
func TestEveryRouteHealthChecksItsServicesReadinessProbe(t *testing.T) {
	for _, stack := range stacks {
		if meshStacks[stack] {
			continue
		}
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			public := subnetCidrs(r, "public")
			ingresses := ofType(r, ingressType)
			require.NotEmpty(t, ingresses)
			for _, ing := range ingresses {
				ns, _ := ing.Input("metadata.namespace").(string)
				hcPort, hcPath := albAnnotation(ing, "healthcheck-port"), albAnnotation(ing, "healthcheck-path")
				paths, _ := ing.Input("spec.rules[0].http.paths").([]any)
				require.NotEmpty(t, paths, "%s routes nothing", ing.Name)
				for i := range paths {
					backend := func(field string) any {
						return ing.Input(fmt.Sprintf("spec.rules[0].http.paths[%d].backend.service.%s", i, field))
					}
					name, _ := backend("name").(string)
					deployments := podsOf(t, r, ns, name)
					require.NotEmpty(t, deployments, "Service %s/%s selects no Deployment's pods", ns, name)
					for _, d := range deployments {
						port, path := readinessEndpoint(t, d)
						assert.Equal(t, port, hcPort, "%s/%s: the ALB must health-check the port of %s's readiness probe", stack, ns, d.Name)
						assert.Equal(t, path, hcPath, "%s/%s: the ALB must health-check the path of %s's readiness probe", stack, ns, d.Name)
					}

					// The health checks come from the ALB in the public subnets: the service's
					// ingress policy admits those blocks to the API and health ports, nothing else.
					want := []string{strconv.Itoa(int(backend("port.number").(float64)))}
					if hcPort != want[0] {
						want = append(want, hcPort.(string))
					}
					policy := serviceObject(t, r, netpolType, ns, name+"-ingress")
					var admitted []string
					rules, _ := policy.Input("spec.ingress").([]any)
					for _, rule := range rules {
						rm := rule.(map[string]any)
						if _, fromIPs := rm["from"].([]any)[0].(map[string]any)["ipBlock"]; !fromIPs {
							continue
						}
						assert.ElementsMatch(t, public, peerCidrs(rm, "from"), "%s/%s: the gateway's blocks are the public subnets", stack, ns)
						for _, p := range rm["ports"].([]any) {
							admitted = append(admitted, strconv.Itoa(int(p.(map[string]any)["port"].(float64))))
						}
					}
					assert.ElementsMatch(t, want, admitted,
						"%s/%s: the public subnets must reach the API port and the health check port, and nothing else", stack, ns)
				}
			}
		})
	}
}
