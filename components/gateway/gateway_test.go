package gateway

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	releaseType     = "kubernetes:helm.sh/v3:Release"
	ingressType     = "kubernetes:networking.k8s.io/v1:Ingress"
	webACLType      = "aws:wafv2/webAcl:WebAcl"
	certType        = "aws:acm/certificate:Certificate"
	validationType  = "aws:acm/certificateValidation:CertificateValidation"
	recordType      = "aws:route53/record:Record"
	bucketType      = "aws:s3/bucketV2:BucketV2"
	blockType       = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	sseType         = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2"
	lifecycleType   = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"
	ownershipType   = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	policyType      = "aws:s3/bucketPolicy:BucketPolicy"
	rolePolicyType  = "aws:iam/rolePolicy:RolePolicy"
	roleType        = "aws:iam/role:Role"
	classType       = "kubernetes:networking.k8s.io/v1:IngressClass"
	associationType = "aws:eks/podIdentityAssociation:PodIdentityAssociation"

	testDomain  = "api.prod.ip-platform.example.com"
	testZone    = "Z0123456789ABCDEFGHIJ"
	testAccount = "111122223333"

	// The AWS values the Kubernetes side is given: on EKS they are the edge's outputs.
	testCert      = "arn:aws:acm:us-east-1:111122223333:certificate/given"
	testACL       = "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/given/1"
	testLogBucket = "given-alb-logs-20240101"
)

// threeServices are the platform's backends, each in its own namespace. Trademark and copyright
// answer health checks on a management port; recommendation (no HealthCheckPort) on its API port.
func threeServices() []Route {
	return []Route{
		{Path: "/trademark", Namespace: "trademark", ServiceName: "trademark", Port: 4001, HealthCheckPath: "/health/ready", HealthCheckPort: 4002},
		{Path: "/copyright", Namespace: "copyright", ServiceName: "copyright", Port: 4003, HealthCheckPath: "/health/ready", HealthCheckPort: 4004},
		{Path: "/recommendation", Namespace: "recommendation", ServiceName: "recommendation", Port: 3000, HealthCheckPath: "/ready"},
	}
}

func prodArgs() *GatewayArgs {
	return &GatewayArgs{
		ClusterName:     pulumi.String("ip-platform-prod"),
		Region:          "us-east-1",
		VpcID:           pulumi.ID("vpc-0abc").ToIDOutput(),
		CertificateArn:  pulumi.String(testCert),
		WebAclArn:       pulumi.String(testACL),
		AccessLogBucket: pulumi.String(testLogBucket),
		Domain:          testDomain,
		Routes:          threeServices(),
		Tags:            map[string]string{"environment": "prod"},
	}
}

func prodEdgeArgs() *EdgeArgs {
	return &EdgeArgs{
		Region:                  "us-east-1",
		AccountID:               pulumi.String(testAccount),
		ClusterName:             pulumi.String("ip-platform-prod"),
		Domain:                  testDomain,
		HostedZoneID:            testZone,
		RateLimitPerFiveMinutes: 2000,
		AccessLogRetentionDays:  365,
	}
}

// run builds one gateway named "gw" (the Kubernetes side alone) under offline mocks.
func run(t *testing.T, args *GatewayArgs) (*offline.Mocks, *Gateway) {
	t.Helper()
	var g *Gateway
	m, err := offline.Run(offline.Program{Region: "us-east-1"}, func(ctx *pulumi.Context) error {
		var err error
		g, err = NewGateway(ctx, "gw", args)
		return err
	})
	require.NoError(t, err)
	return m, g
}

// runEdge builds the AWS side alone.
func runEdge(t *testing.T, args *EdgeArgs) (*offline.Mocks, *Edge) {
	t.Helper()
	var e *Edge
	m, err := offline.Run(offline.Program{Region: "us-east-1"}, func(ctx *pulumi.Context) error {
		var err error
		if args.PodIdentityAgent, err = offlinetest.PodIdentityAgent(ctx); err != nil {
			return err
		}
		e, err = NewEdge(ctx, "gw", args)
		return err
	})
	require.NoError(t, err)
	return m, e
}

// runWired builds the three as internal/platform does: the edge, the gateway on its outputs, the
// API record on the gateway's load balancer.
func runWired(t *testing.T) *offline.Mocks {
	t.Helper()
	m, err := offline.Run(offline.Program{Region: "us-east-1"}, func(ctx *pulumi.Context) error {
		edgeArgs := prodEdgeArgs()
		var err error
		if edgeArgs.PodIdentityAgent, err = offlinetest.PodIdentityAgent(ctx); err != nil {
			return err
		}
		e, err := NewEdge(ctx, "gw", edgeArgs)
		if err != nil {
			return err
		}
		args := prodArgs()
		args.CertificateArn = e.CertificateArn
		args.WebAclArn, args.AccessLogBucket = e.WebAclArn, e.AccessLogBucket
		g, err := NewGateway(ctx, "gw", args)
		if err != nil {
			return err
		}
		_, err = NewAPIRecord(ctx, "gw", &APIRecordArgs{Domain: testDomain, HostedZoneID: testZone, LoadBalancerHostname: g.LoadBalancerHostname})
		return err
	})
	require.NoError(t, err)
	return m
}

func named(t *testing.T, m *offline.Mocks, typ, name string) offline.Resource {
	t.Helper()
	r, ok := m.Named(typ, name)
	require.True(t, ok, "no %s named %s; registered types: %v", typ, name, m.Types())
	return r
}

func statements(t *testing.T, document any) []map[string]any {
	t.Helper()
	text, ok := document.(string)
	require.True(t, ok, "policy document is not a string: %v", document)
	var doc struct{ Statement []map[string]any }
	require.NoError(t, json.Unmarshal([]byte(text), &doc))
	return doc.Statement
}

func TestControllerChartIsPinnedWithTypedValues(t *testing.T) {
	m, _ := run(t, prodArgs())
	r := named(t, m, releaseType, "gw-controller")

	assert.Equal(t, "aws-load-balancer-controller", r.Input("chart"))
	assert.Equal(t, "3.5.0", r.Input("version"), "the chart must be pinned exactly (controller v3.5.0)")
	assert.Equal(t, "https://aws.github.io/eks-charts", r.Input("repositoryOpts.repo"))
	assert.Equal(t, "kube-system", r.Input("namespace"))
	assert.Equal(t, true, r.Input("atomic"), "a failed upgrade must roll back")

	assert.Equal(t, "ip-platform-prod", r.Input("values.clusterName"))
	assert.Equal(t, "us-east-1", r.Input("values.region"))
	assert.Equal(t, "vpc-0abc", r.Input("values.vpcId"), "the controller must not depend on IMDS for its VPC")
	assert.Equal(t, 2.0, r.Input("values.replicaCount"), "two replicas by default: the webhooks fail closed")
	assert.Equal(t, "aws-load-balancer-controller", r.Input("values.serviceAccount.name"), "the pod identity association names this service account")
	assert.Nil(t, r.Input("values.serviceAccount.annotations"), "no IRSA role annotation: Pod Identity binds the role")
	assert.Equal(t, map[string]any{
		"requests": map[string]any{"cpu": "100m", "memory": "256Mi"},
		"limits":   map[string]any{"cpu": "500m", "memory": "512Mi"},
	}, r.Input("values.resources"), "requests and limits must both be set")
	assert.Equal(t, false, r.Input("values.enableServiceMutatorWebhook"), "the controller must not take over every LoadBalancer Service")
	assert.Equal(t, "alb", r.Input("values.ingressClass"))
	assert.Equal(t, false, r.Input("values.createIngressClassResource"), "the IngressClass is the component's")
	assert.Equal(t, false, r.Input("values.ingressClassParams.create"))
	assert.Equal(t, map[string]any{"environment": "prod"}, r.Input("values.defaultTags"), "ALB resources carry the stack's tags")
	assert.Equal(t, []any{"ALL"}, r.Input("values.securityContext.capabilities.drop"))
	assert.Equal(t, true, r.Input("values.securityContext.readOnlyRootFilesystem"))
	// What chart 3.x changed and the program keeps as it was under 1.x.
	assert.Equal(t, true, r.Input("values.keepTLSSecret"), "the webhook certificate must survive an upgrade (3.x defaults to a new one)")
	assert.Equal(t, map[string]any{"ALBGatewayAPI": false, "NLBGatewayAPI": false}, r.Input("values.controllerConfig.featureGates"),
		"Istio owns the Gateway API objects; the controller's own Gateway API gates stay off")
}

func TestControllerRoleHoldsTheUpstreamPolicyForItsServiceAccountOnly(t *testing.T) {
	m, _ := runEdge(t, prodEdgeArgs())
	role := named(t, m, roleType, "gw-controller-pod-identity")
	trust := statements(t, role.Input("assumeRolePolicy"))
	require.Len(t, trust, 1)
	assert.Equal(t, "aws-load-balancer-controller",
		trust[0]["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:RequestTag/kubernetes-service-account"])
	assoc := named(t, m, associationType, "gw-controller-pod-identity")
	assert.Equal(t, "kube-system", assoc.Input("namespace"))
	assert.Equal(t, "aws-load-balancer-controller", assoc.Input("serviceAccount"))
	assert.Equal(t, "ip-platform-prod", assoc.Input("clusterName"))

	inline := named(t, m, rolePolicyType, "gw-controller-pod-identity-inline")
	granted := map[string]bool{}
	for _, s := range statements(t, inline.Input("policy")) {
		for _, a := range s["Action"].([]any) {
			granted[a.(string)] = true
		}
	}
	for _, action := range []string{
		"elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:SetWebAcl", "wafv2:AssociateWebACL",
		"acm:DescribeCertificate", "ec2:CreateSecurityGroup", "elasticloadbalancing:RegisterTargets",
		"ec2:DescribeRouteTables", "elasticloadbalancing:ModifyListenerAttributes",
	} {
		assert.True(t, granted[action], "the controller needs %s", action)
	}
}

func TestControllerPolicyScopesMutationsToItsOwnResources(t *testing.T) {
	stmts := controllerStatements()
	assert.Len(t, stmts, 17, "upstream v3.5.0 has 16 statements; its two-valued CreateAction condition is split in two")
	var createActions []string
	for _, s := range stmts {
		if v, ok := s.Condition["StringEquals"]["elasticloadbalancing:CreateAction"]; ok {
			createActions = append(createActions, v)
			assert.Equal(t, "false", s.Condition["Null"]["aws:RequestTag/elbv2.k8s.aws/cluster"], "tagging on create needs the cluster tag")
		}
		for _, action := range s.Action {
			if !strings.HasPrefix(action, "elasticloadbalancing:Delete") && action != "ec2:DeleteSecurityGroup" {
				continue
			}
			// DeleteListener/DeleteRule are unconditional upstream (listeners carry no cluster tag).
			if action == "elasticloadbalancing:DeleteListener" || action == "elasticloadbalancing:DeleteRule" {
				continue
			}
			assert.Equal(t, "false", s.Condition["Null"]["aws:ResourceTag/elbv2.k8s.aws/cluster"],
				"%s must require the controller's cluster tag on the resource", action)
		}
	}
	assert.ElementsMatch(t, []string{"CreateTargetGroup", "CreateLoadBalancer"}, createActions,
		"AddTags on create must cover exactly upstream's two CreateAction values")
}

// annotation returns the value of the Ingress annotation alb.ingress.kubernetes.io/<k>.
func annotation(ing offline.Resource, k string) any {
	return ing.Input(`metadata.annotations["alb.ingress.kubernetes.io/` + k + `"]`)
}

// ingressFor returns the Ingress of the given namespace.
func ingressFor(t *testing.T, m *offline.Mocks, namespace string) offline.Resource {
	t.Helper()
	return named(t, m, ingressType, "gw-"+namespace)
}

func TestOneIngressPerNamespaceInOneGroup(t *testing.T) {
	m, _ := run(t, prodArgs())
	ingresses := m.OfType(ingressType)
	require.Len(t, ingresses, 3, "an Ingress can only route to Services in its own namespace")
	for _, ing := range ingresses {
		assert.Equal(t, "gw", annotation(ing, "group.name"),
			"%s must join the gateway's IngressGroup so the three share one ALB", ing.Name)
		assert.Equal(t, "alb", ing.Input("spec.ingressClassName"))
		assert.Equal(t, "api-gateway", ing.Input("metadata.name"))
	}
}

func TestRoutesSendEachPathToItsService(t *testing.T) {
	m, _ := run(t, prodArgs())
	for _, want := range threeServices() {
		ing := ingressFor(t, m, want.Namespace)
		assert.Equal(t, want.Namespace, ing.Input("metadata.namespace"))
		assert.Equal(t, testDomain, ing.Input("spec.rules[0].host"), "only the API's host name is routed")
		paths, _ := ing.Input("spec.rules[0].http.paths").([]any)
		require.Len(t, paths, 1, "namespace %s has one route", want.Namespace)
		assert.Equal(t, want.Path, ing.Input("spec.rules[0].http.paths[0].path"))
		assert.Equal(t, "Prefix", ing.Input("spec.rules[0].http.paths[0].pathType"))
		assert.Equal(t, want.ServiceName, ing.Input("spec.rules[0].http.paths[0].backend.service.name"))
		assert.Equal(t, float64(want.Port), ing.Input("spec.rules[0].http.paths[0].backend.service.port.number"),
			"%s must reach its service's API port", want.Path)
	}
}

func TestListenersTerminateModernTLSAndRedirectHTTP(t *testing.T) {
	m, _ := run(t, prodArgs())
	for _, ns := range []string{"trademark", "copyright", "recommendation"} {
		ing := ingressFor(t, m, ns)
		annotation := func(k string) any { return annotation(ing, k) }
		assert.Equal(t, "internet-facing", annotation("scheme"))
		assert.Equal(t, "ip", annotation("target-type"), "pods are targets directly")
		assert.Equal(t, `[{"HTTP":80},{"HTTPS":443}]`, annotation("listen-ports"))
		assert.Equal(t, "443", annotation("ssl-redirect"), "HTTP must redirect to HTTPS")
		assert.Equal(t, "ELBSecurityPolicy-TLS13-1-2-2021-06", annotation("ssl-policy"), "TLS 1.2+ only")
		assert.Equal(t, testCert, annotation("certificate-arn"), "the listener serves the given certificate")
		assert.Equal(t, testACL, annotation("wafv2-acl-arn"), "the load balancer sits behind the given web ACL")
		attrs, _ := annotation("load-balancer-attributes").(string)
		assert.Contains(t, attrs, "access_logs.s3.enabled=true")
		assert.Contains(t, attrs, "access_logs.s3.bucket="+testLogBucket, "the logs go to the given bucket")
		assert.Contains(t, attrs, "access_logs.s3.prefix=alb")
		assert.Contains(t, attrs, "routing.http.drop_invalid_header_fields.enabled=true")
	}
}

func TestEachIngressHealthChecksItsServicesReadinessEndpoint(t *testing.T) {
	m, _ := run(t, prodArgs())
	want := map[string]struct{ port, path string }{
		"trademark":      {"4002", "/health/ready"},
		"copyright":      {"4004", "/health/ready"},
		"recommendation": {"3000", "/ready"}, // no HealthCheckPort: the API port
	}
	for ns, w := range want {
		ing := ingressFor(t, m, ns)
		annotation := func(k string) any { return annotation(ing, k) }
		assert.Equal(t, w.port, annotation("healthcheck-port"), "%s: the ALB must check the port the readiness probe uses", ns)
		assert.Equal(t, w.path, annotation("healthcheck-path"), "%s: the ALB must check the readiness path, not /", ns)
		assert.Equal(t, "HTTP", annotation("healthcheck-protocol"))
		assert.Equal(t, "200-399", annotation("success-codes"), "%s: the statuses a Kubernetes probe accepts", ns)
		assert.Equal(t, "5", annotation("healthcheck-interval-seconds"))
		assert.Equal(t, "2", annotation("healthcheck-timeout-seconds"))
		assert.Equal(t, "2", annotation("healthy-threshold-count"))
		assert.Equal(t, "3", annotation("unhealthy-threshold-count"), "%s: out after three failures, like the readiness probe", ns)
	}
}

func TestOnlyTargetGroupAnnotationsDifferWithinTheGroup(t *testing.T) {
	// The controller refuses an IngressGroup whose members disagree on an "Exclusive" (load
	// balancer) annotation; target-group annotations may differ.
	targetGroup := map[string]bool{}
	for k := range healthCheckAnnotations(threeServices()[0]) {
		targetGroup[k] = true
	}
	m, _ := run(t, prodArgs())
	ingresses := m.OfType(ingressType)
	require.Len(t, ingresses, 3)
	first, _ := ingresses[0].Input("metadata.annotations").(map[string]any)
	for _, ing := range ingresses[1:] {
		other, _ := ing.Input("metadata.annotations").(map[string]any)
		assert.Equal(t, len(first), len(other), "%s and %s carry different annotation keys", ingresses[0].Name, ing.Name)
		for k, v := range other {
			if !targetGroup[k] {
				assert.Equal(t, first[k], v, "%s: load balancer annotation %s must be the same on every Ingress of the group", ing.Name, k)
			}
		}
	}
	assert.NotEqual(t, annotation(ingresses[0], "healthcheck-port"), annotation(ingresses[1], "healthcheck-port"),
		"each Ingress carries its own service's health check port")
}

func TestIngressesWaitForTheControllerAndTheirClass(t *testing.T) {
	m, _ := run(t, prodArgs())
	release := named(t, m, releaseType, "gw-controller")
	class := named(t, m, classType, "gw-ingress-class")
	assert.Equal(t, "alb", class.Input("metadata.name"))
	assert.Equal(t, "ingress.k8s.aws/alb", class.Input("spec.controller"), "the class the AWS Load Balancer Controller serves")
	for _, ing := range m.OfType(ingressType) {
		assert.Contains(t, ing.DependsOn, release.URN, "%s would be refused by the controller's webhook before it runs", ing.Name)
		assert.Contains(t, ing.DependsOn, class.URN, "%s names the class", ing.Name)
	}
}

func TestWiredIngressesWaitForTheLogBucketPolicyAndTakeTheEdgesValues(t *testing.T) {
	m := runWired(t)
	policy := named(t, m, policyType, "gw-access-logs")
	for _, ing := range m.OfType(ingressType) {
		assert.Contains(t, ing.DependsOn, policy.URN, "%s: the ALB checks it may write its logs when logging is switched on", ing.Name)
		assert.Equal(t, "arn:aws:acm:us-east-1:123456789012:certificate/gw-cert", annotation(ing, "certificate-arn"),
			"the listener takes the certificate only once it is validated")
		assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:webacl/gw-waf", annotation(ing, "wafv2-acl-arn"))
		assert.Contains(t, annotation(ing, "load-balancer-attributes"), "access_logs.s3.bucket=gw-alb-logs-", "the edge's log bucket")
	}

	api := named(t, m, recordType, "gw-api")
	assert.Equal(t, testDomain, api.Input("name"))
	assert.Equal(t, testZone, api.Input("zoneId"))
	assert.Equal(t, "CNAME", api.Input("type"))
	assert.Equal(t, []any{"k8s-offline-0ff11ne0-1234567890.us-east-1.elb.amazonaws.com"}, api.Input("records"),
		"the API's name must point at the ALB the controller reports")
}

func TestCertificateIsDNSValidatedInTheZone(t *testing.T) {
	m, _ := runEdge(t, prodEdgeArgs())
	cert := named(t, m, certType, "gw-cert")
	assert.Equal(t, testDomain, cert.Input("domainName"))
	assert.Equal(t, "DNS", cert.Input("validationMethod"))

	record := named(t, m, recordType, "gw-cert-validation")
	assert.Equal(t, testZone, record.Input("zoneId"))
	assert.Equal(t, "CNAME", record.Input("type"))
	assert.Equal(t, "_0ff11ne0validation."+testDomain+".", record.Input("name"), "the record ACM asked for")
	assert.Equal(t, []any{"_0ff11ne0validation.acm-validations.aws."}, record.Input("records"))

	validation := named(t, m, validationType, "gw-cert")
	assert.Equal(t, []any{"_0ff11ne0validation." + testDomain}, validation.Input("validationRecordFqdns"))
}

func TestWebACLRateLimitsAndAppliesTheCommonRuleSet(t *testing.T) {
	m, _ := runEdge(t, prodEdgeArgs())
	acl := named(t, m, webACLType, "gw-waf")
	assert.Equal(t, "REGIONAL", acl.Input("scope"), "an ALB takes a regional web ACL")
	assert.NotNil(t, acl.Input("defaultAction.allow"), "requests pass unless a rule blocks them")

	rules, _ := acl.Input("rules").([]any)
	require.Len(t, rules, 2)
	assert.Equal(t, "rate-limit-per-ip", acl.Input("rules[0].name"))
	assert.Equal(t, 0.0, acl.Input("rules[0].priority"), "the rate limit runs first")
	assert.Equal(t, 2000.0, acl.Input("rules[0].statement.rateBasedStatement.limit"))
	assert.Equal(t, "IP", acl.Input("rules[0].statement.rateBasedStatement.aggregateKeyType"))
	assert.Equal(t, 300.0, acl.Input("rules[0].statement.rateBasedStatement.evaluationWindowSec"))
	assert.NotNil(t, acl.Input("rules[0].action.block"), "an IP over the limit is blocked")

	assert.Equal(t, "AWSManagedRulesCommonRuleSet", acl.Input("rules[1].statement.managedRuleGroupStatement.name"))
	assert.Equal(t, "AWS", acl.Input("rules[1].statement.managedRuleGroupStatement.vendorName"))
	assert.NotNil(t, acl.Input("rules[1].overrideAction.none"), "the managed rules keep their own block actions")
	for i := range 2 {
		assert.Equal(t, true, acl.Input(fmt.Sprintf("rules[%d].visibilityConfig.cloudwatchMetricsEnabled", i)))
	}
}

func TestRateLimitComesFromArgs(t *testing.T) {
	args := prodEdgeArgs()
	args.RateLimitPerFiveMinutes = 10
	m, _ := runEdge(t, args)
	assert.Equal(t, 10.0, named(t, m, webACLType, "gw-waf").Input("rules[0].statement.rateBasedStatement.limit"))
}

func TestAccessLogBucketIsPrivateEncryptedAndExpiring(t *testing.T) {
	m, _ := runEdge(t, prodEdgeArgs())
	bucket := named(t, m, bucketType, "gw-access-logs")
	assert.Equal(t, "gw-alb-logs-", bucket.Input("bucketPrefix"))
	assert.Equal(t, false, bucket.Input("forceDestroy"), "logs survive a destroy unless asked otherwise")

	block := named(t, m, blockType, "gw-access-logs")
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		assert.Equal(t, true, block.Input(k), "public access block %s", k)
	}
	sse := named(t, m, sseType, "gw-access-logs")
	assert.Equal(t, "AES256", sse.Input("rules[0].applyServerSideEncryptionByDefault.sseAlgorithm"),
		"ALB access logs can only be delivered to SSE-S3 buckets")
	assert.Equal(t, "BucketOwnerEnforced", named(t, m, ownershipType, "gw-access-logs").Input("rule.objectOwnership"))

	lifecycle := named(t, m, lifecycleType, "gw-access-logs")
	assert.Equal(t, "Enabled", lifecycle.Input("rules[0].status"))
	assert.Equal(t, 365.0, lifecycle.Input("rules[0].expiration.days"))
	assert.Equal(t, "alb/", lifecycle.Input("rules[0].filter.prefix"))

	policy := named(t, m, policyType, "gw-access-logs")
	assert.Contains(t, policy.DependsOn, block.URN, "S3 refuses a policy change racing the public access block")
	stmts := statements(t, policy.Input("policy"))
	require.Len(t, stmts, 2)
	assert.Equal(t, map[string]any{"AWS": []any{"arn:aws:iam::127311923021:root"}}, stmts[0]["Principal"],
		"us-east-1 delivers ALB logs from the ELB account 127311923021")
	assert.Equal(t, []any{"s3:PutObject"}, stmts[0]["Action"])
	assert.Equal(t, []any{"arn:aws:s3:::gw-access-logs/alb/AWSLogs/111122223333/*"}, stmts[0]["Resource"],
		"only this account's load balancers may write, under the log prefix")
	assert.Equal(t, "Deny", stmts[1]["Effect"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, stmts[1]["Condition"], "TLS only")
}

func TestOutputs(t *testing.T) {
	_, g := run(t, prodArgs())
	url, err := internals.UnsafeAwaitOutput(context.Background(), g.URL)
	require.NoError(t, err)
	assert.Equal(t, "https://"+testDomain, url.Value)
	host, err := internals.UnsafeAwaitOutput(context.Background(), g.LoadBalancerHostname)
	require.NoError(t, err)
	assert.Equal(t, "k8s-offline-0ff11ne0-1234567890.us-east-1.elb.amazonaws.com", host.Value)

	_, e := runEdge(t, prodEdgeArgs())
	assert.Equal(t, "arn:aws:acm:us-east-1:123456789012:certificate/gw-cert", offlinetest.Await(t, e.CertificateArn))
	assert.Equal(t, "arn:aws:wafv2:us-east-1:123456789012:webacl/gw-waf", offlinetest.Await(t, e.WebAclArn))
	assert.True(t, strings.HasPrefix(offlinetest.Await(t, e.AccessLogBucket).(string), "gw-alb-logs-"), "the bucket's name, from its prefix")
	assert.Equal(t, "arn:aws:iam::123456789012:role/gw-controller-pod-identity", offlinetest.Await(t, e.ControllerRoleArn))
}

func TestChildrenAreParentedAndPrefixed(t *testing.T) {
	m, _ := run(t, prodArgs())
	offlinetest.AssertSubtree(t, m, "ip-platform:gateway:Gateway", "gw")
	m, _ = runEdge(t, prodEdgeArgs())
	offlinetest.AssertSubtree(t, m, "ip-platform:gateway:Edge", "gw")
	m, err := offline.Run(offline.Program{Region: "us-east-1"}, func(ctx *pulumi.Context) error {
		_, err := NewAPIRecord(ctx, "gw", &APIRecordArgs{Domain: testDomain, HostedZoneID: testZone, LoadBalancerHostname: pulumi.String("lb.example.com")})
		return err
	})
	require.NoError(t, err)
	offlinetest.AssertSubtree(t, m, "ip-platform:gateway:APIRecord", "gw")
}

func TestTheKubernetesSideCreatesNothingInAWSAndTheEdgeNothingElse(t *testing.T) {
	m, _ := run(t, prodArgs())
	for _, r := range m.Resources() {
		assert.False(t, strings.HasPrefix(r.Type, "aws:"), "%s %s: AWS resources belong to the edge or the API record", r.Type, r.Name)
	}
	m, _ = runEdge(t, prodEdgeArgs())
	counts := map[string]int{}
	for _, r := range m.Resources() {
		if r.Custom {
			counts[r.Type]++
		}
	}
	assert.Equal(t, map[string]int{
		certType: 1, validationType: 1, recordType: 1, // the certificate and its validation record
		webACLType: 1,
		bucketType: 1, blockType: 1, ownershipType: 1, sseType: 1, lifecycleType: 1, policyType: 1,
		roleType: 1, rolePolicyType: 1, associationType: 1, // the controller's Pod Identity role
	}, counts, "the edge creates exactly these AWS resources")
}

func TestWithTheSkipInstallerNoReleaseIsRegistered(t *testing.T) {
	skip := &charts.Skip{}
	args := prodArgs()
	args.Charts = skip
	m, _ := run(t, args)
	assert.Empty(t, m.OfType(releaseType), "no helm.v3.Release where charts cannot be fetched")
	standIn := named(t, m, charts.SkippedReleaseType, "gw-controller")
	assert.Equal(t, ChartName, standIn.Input("chart"))
	assert.Equal(t, ChartVersion, standIn.Input("version"))
	skipped := skip.Skipped()
	require.Len(t, skipped, 1)
	assert.Equal(t, releaseName, skipped[0].Name)
	assert.False(t, skipped[0].CreateNamespace, "kube-system exists in every cluster")
	assert.Len(t, m.OfType(ingressType), 3, "the Ingresses still go to the API server")
	named(t, m, classType, "gw-ingress-class")
}

func TestCallerArgsAreNotModified(t *testing.T) {
	args := prodArgs()
	run(t, args)
	assert.Zero(t, args.ControllerReplicas, "defaults must be filled on a copy")
	assert.Zero(t, args.Routes[2].HealthCheckPort, "the routes' health check ports default on a copy too")
	edge := prodEdgeArgs()
	edge.RateLimitPerFiveMinutes = 0
	edge.AccessLogRetentionDays = 0
	runEdge(t, edge)
	assert.Zero(t, edge.RateLimitPerFiveMinutes)
	assert.Zero(t, edge.AccessLogRetentionDays)
}

func TestBadArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*GatewayArgs)
		fragment string
	}{
		{"no cluster", func(a *GatewayArgs) { a.ClusterName = nil }, "ClusterName is required"},
		{"no vpc", func(a *GatewayArgs) { a.VpcID = nil }, "VpcID is required"},
		{"no certificate", func(a *GatewayArgs) { a.CertificateArn = nil }, "CertificateArn is required"},
		{"no web acl", func(a *GatewayArgs) { a.WebAclArn = nil }, "WebAclArn is required"},
		{"no log bucket", func(a *GatewayArgs) { a.AccessLogBucket = nil }, "AccessLogBucket is required"},
		{"zone as region", func(a *GatewayArgs) { a.Region = "us-east-1a" }, "Region"},
		{"domain with scheme", func(a *GatewayArgs) { a.Domain = "https://api.example.com" }, "Domain"},
		{"too many controllers", func(a *GatewayArgs) { a.ControllerReplicas = 4 }, "ControllerReplicas"},
		{"no routes", func(a *GatewayArgs) { a.Routes = nil }, "Routes must list at least one backend"},
		{"relative path", func(a *GatewayArgs) { a.Routes[0].Path = "trademark" }, "Routes[0].Path"},
		{"trailing slash", func(a *GatewayArgs) { a.Routes[1].Path = "/copyright/" }, "Routes[1].Path"},
		{"bad namespace", func(a *GatewayArgs) { a.Routes[2].Namespace = "Recommendation" }, "Routes[2].Namespace"},
		{"port zero", func(a *GatewayArgs) { a.Routes[0].Port = 0 }, "Routes[0].Port (0)"},
		{"duplicate path", func(a *GatewayArgs) { a.Routes[1].Path = "/trademark" }, "Routes[1].Path \"/trademark\" overlaps Routes[0].Path"},
		{"nested path", func(a *GatewayArgs) { a.Routes[2].Path = "/trademark/search" }, "overlaps Routes[0].Path"},
		{"no health check path", func(a *GatewayArgs) { a.Routes[1].HealthCheckPath = "" }, "Routes[1].HealthCheckPath"},
		{"relative health check path", func(a *GatewayArgs) { a.Routes[0].HealthCheckPath = "health" }, "Routes[0].HealthCheckPath"},
		{"health check port too high", func(a *GatewayArgs) { a.Routes[0].HealthCheckPort = 70000 }, "Routes[0].HealthCheckPort (70000)"},
		{"two health checks in one namespace", func(a *GatewayArgs) {
			a.Routes = append(a.Routes, Route{Path: "/trademark-search", Namespace: "trademark", ServiceName: "search", Port: 8080, HealthCheckPath: "/ready"})
		}, "routes of one namespace share one Ingress and so one health check"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := prodArgs()
			tc.edit(args)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewGateway(ctx, "gw", args)
				return err
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "gateway gw: ", "the error must name the component")
			assert.Contains(t, err.Error(), tc.fragment, "the error must name the field")
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}

func TestBadEdgeArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*EdgeArgs)
		fragment string
	}{
		{"no account", func(a *EdgeArgs) { a.AccountID = nil }, "AccountID is required"},
		{"no cluster", func(a *EdgeArgs) { a.ClusterName = nil }, "ClusterName is required"},
		{"no pod identity agent", func(a *EdgeArgs) { a.PodIdentityAgent = nil }, "PodIdentityAgent is required"},
		{"zone as region", func(a *EdgeArgs) { a.Region = "us-east-1a" }, "Region"},
		{"domain with scheme", func(a *EdgeArgs) { a.Domain = "https://api.example.com" }, "Domain"},
		{"zone id lower case", func(a *EdgeArgs) { a.HostedZoneID = "z123" }, "HostedZoneID"},
		{"rate limit too low", func(a *EdgeArgs) { a.RateLimitPerFiveMinutes = 5 }, "RateLimitPerFiveMinutes (5) must be from 10 to 2000000000"},
		{"negative retention", func(a *EdgeArgs) { a.AccessLogRetentionDays = -1 }, "AccessLogRetentionDays"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := prodEdgeArgs()
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				var err error
				if args.PodIdentityAgent, err = offlinetest.PodIdentityAgent(ctx); err != nil {
					return err
				}
				tc.edit(args)
				_, err = NewEdge(ctx, "gw", args)
				return err
			})
			require.Error(t, err, "args should have been rejected")
			assert.Contains(t, err.Error(), "gateway edge gw: ", "the error must name the component")
			assert.Contains(t, err.Error(), tc.fragment, "the error must name the field")
			assert.Len(t, m.Resources(), 1, "nothing but the agent stand-in may be registered before validation passes")
		})
	}
}

func TestBadAPIRecordArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		args     APIRecordArgs
		fragment string
	}{
		{"no domain", APIRecordArgs{HostedZoneID: testZone, LoadBalancerHostname: pulumi.String("lb")}, "Domain"},
		{"bad zone", APIRecordArgs{Domain: testDomain, HostedZoneID: "zone", LoadBalancerHostname: pulumi.String("lb")}, "HostedZoneID"},
		{"no hostname", APIRecordArgs{Domain: testDomain, HostedZoneID: testZone}, "LoadBalancerHostname is required"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewAPIRecord(ctx, "gw", &tc.args)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "gateway api record gw: "+tc.fragment)
			assert.Empty(t, m.Resources())
		})
	}
}

func TestIngressesWaitForTheirBackends(t *testing.T) {
	var backendURN string
	m, err := offline.Run(offline.Program{Region: "us-east-1"}, func(ctx *pulumi.Context) error {
		ns, err := corev1.NewNamespace(ctx, "trademark", &corev1.NamespaceArgs{})
		if err != nil {
			return err
		}
		args := prodArgs()
		args.Backends = []pulumi.Resource{ns}
		_, err = NewGateway(ctx, "gw", args)
		return err
	})
	require.NoError(t, err)
	for _, r := range m.OfType("kubernetes:core/v1:Namespace") {
		backendURN = r.URN
	}
	require.NotEmpty(t, backendURN)
	for _, ing := range m.OfType(ingressType) {
		assert.Contains(t, ing.DependsOn, backendURN, "%s must wait for the Services it routes to", ing.Name)
	}
}
