package apitests

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Labels and annotations of the tests' objects. The policy pack reads LabelComponent and
// AnnotationAllowInProd (policies/baseline/apitests.go).
const (
	labelName   = "app.kubernetes.io/name"
	labelPartOf = "app.kubernetes.io/part-of"
	partOf      = "ip-platform"
	// LabelComponent says which test a Job runs: ComponentLoadTest or ComponentSecurityScan.
	LabelComponent        = "app.kubernetes.io/component"
	ComponentLoadTest     = "load-test"
	ComponentSecurityScan = "security-scan"
	// AnnotationAllowInProd carries the stack's explicit consent (loadTest.allowInProd,
	// securityScan.allowInProd) to run the test against the production API.
	AnnotationAllowInProd = "ip-platform.io/allow-in-prod"
	// labelRunID is the run id on the Job's pods, for kubectl and the logs.
	labelRunID = "ip-platform.io/run-id"
)

// Suite is the tests' namespace, NetworkPolicies, Jobs and alert rule.
type Suite struct {
	pulumi.ResourceState

	// Namespace is the tests' namespace.
	Namespace string
	// LoadTestJob and ScanJob are the Jobs' names ("" when the test is off): what the
	// staging-tests workflow waits for.
	LoadTestJob string
	ScanJob     string
}

// NewSuite creates the tests; see the package doc. Pass the Kubernetes provider in opts.
func NewSuite(ctx *pulumi.Context, name string, args *SuiteArgs, opts ...pulumi.ResourceOption) (*Suite, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	s := &Suite{Namespace: a.Namespace}
	if a.LoadTest != nil {
		s.LoadTestJob = "k6-" + a.LoadTest.RunID
	}
	if a.Scan != nil {
		s.ScanJob = "zap-" + a.Scan.RunID
	}
	if err := ctx.RegisterComponentResourceV2("ip-platform:apitests:Suite", name, pulumi.Map{
		"namespace":   pulumi.String(a.Namespace),
		"apiHost":     pulumi.String(a.APIHost),
		"loadTestJob": pulumi.String(s.LoadTestJob),
		"scanJob":     pulumi.String(s.ScanJob),
	}, s, opts...); err != nil {
		return nil, err
	}
	fail := func(err error) (*Suite, error) { return nil, fmt.Errorf("apitests %s: %w", name, err) }
	parent := pulumi.Parent(s)
	ns, err := newNamespace(ctx, name, a.Namespace, parent)
	if err != nil {
		return fail(err)
	}
	o := objects{ctx: ctx, name: name, a: a, ns: ns.Metadata.Name().Elem(), parent: parent}
	if err := o.networkPolicies(); err != nil {
		return fail(err)
	}
	if a.LoadTest != nil {
		if err := o.loadTest(s.LoadTestJob); err != nil {
			return fail(err)
		}
		if err := loadTestDashboard(ctx, name, parent, a.After); err != nil {
			return fail(err)
		}
	}
	if a.Scan != nil {
		if err := o.scan(s.ScanJob); err != nil {
			return fail(err)
		}
	}
	if a.LoadTest != nil || a.Scan != nil {
		if err := o.alertRule(); err != nil {
			return fail(err)
		}
	}
	return s, ctx.RegisterResourceOutputs(s, pulumi.Map{
		"namespace":   pulumi.String(s.Namespace),
		"loadTestJob": pulumi.String(s.LoadTestJob),
		"scanJob":     pulumi.String(s.ScanJob),
	})
}

// objects builds the namespaced children.
type objects struct {
	ctx    *pulumi.Context
	name   string
	a      SuiteArgs
	ns     pulumi.StringInput
	parent pulumi.ResourceOption
}

func labels(component string) map[string]string {
	return map[string]string{labelName: component, labelPartOf: partOf, LabelComponent: component}
}

func (o objects) meta(name string, l map[string]string) *metav1.ObjectMetaArgs {
	return &metav1.ObjectMetaArgs{Name: pulumi.String(name), Namespace: o.ns, Labels: pulumi.ToStringMap(l)}
}

// newNamespace: Pod Security "restricted" enforced, audited and warned; the Jobs' pods meet it.
// The namespace stays out of the mesh: the tests reach the API as a client on the internet does.
func newNamespace(ctx *pulumi.Context, name, namespace string, opts ...pulumi.ResourceOption) (*corev1.Namespace, error) {
	l := map[string]string{labelPartOf: partOf}
	for _, mode := range []string{"enforce", "audit", "warn"} {
		l["pod-security.kubernetes.io/"+mode] = "restricted"
		l["pod-security.kubernetes.io/"+mode+"-version"] = "latest"
	}
	ns, err := corev1.NewNamespace(ctx, name+"-namespace", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(namespace), Labels: pulumi.ToStringMap(l)},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("namespace: %w", err)
	}
	return ns, nil
}
