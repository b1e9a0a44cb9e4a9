package dbusers

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Labels of every object of the bootstrap.
const (
	labelName   = "app.kubernetes.io/name"
	labelPartOf = "app.kubernetes.io/part-of"
	appName     = "db-users"
	partOf      = "ip-platform"
)

// SecretsServiceAccount is the service account the bootstrap's SecretStore authenticates as
// (NewSecretsRole's trust names it with the namespace). No pod runs as it.
const SecretsServiceAccount = "db-bootstrap-secrets"

// masterSecret is the Kubernetes Secret the ExternalSecret writes and the Job reads.
const masterSecret = "db-master"

// Bootstrap is the Job that creates the services' database users, and what it needs.
type Bootstrap struct {
	pulumi.ResourceState

	// Job is what the services' Deployments depend on: the Kubernetes provider awaits a Job until
	// it completes, so they start only once their users exist.
	Job pulumi.Resource
	// JobName is the Job's name, "db-users-<hash>".
	JobName string
	// Namespace is the bootstrap's namespace.
	Namespace string
}

func labels() map[string]string { return map[string]string{labelName: appName, labelPartOf: partOf} }

// NewBootstrap creates the bootstrap; see the package doc. Pass the Kubernetes provider in opts.
func NewBootstrap(ctx *pulumi.Context, name string, args *BootstrapArgs, opts ...pulumi.ResourceOption) (*Bootstrap, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	sql := SQL(a.DatabaseName, a.Users)
	hash := runHash(sql, a.Image)
	b := &Bootstrap{JobName: appName + "-" + hash, Namespace: a.Namespace}
	users := make(pulumi.StringArray, len(a.Users))
	for i, u := range a.Users {
		users[i] = pulumi.String(u.Name)
	}
	if err := ctx.RegisterComponentResourceV2("ip-platform:dbusers:Bootstrap", name, pulumi.Map{
		"namespace": pulumi.String(a.Namespace),
		"image":     pulumi.String(a.Image),
		"users":     users,
		"hash":      pulumi.String(hash),
	}, b, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(b)
	fail := func(err error) (*Bootstrap, error) { return nil, fmt.Errorf("dbusers %s: %w", name, err) }

	ns, err := newNamespace(ctx, name, a, parent)
	if err != nil {
		return fail(err)
	}
	objects := objects{ctx: ctx, name: name, a: a, ns: ns.Metadata.Name().Elem(), parent: parent}
	secret, err := objects.masterSecret()
	if err != nil {
		return fail(err)
	}
	if err := objects.networkPolicies(); err != nil {
		return fail(err)
	}
	script, err := objects.script(sql, hash)
	if err != nil {
		return fail(err)
	}
	job, err := objects.job(b.JobName, script, secret)
	if err != nil {
		return fail(err)
	}
	b.Job = job
	return b, ctx.RegisterResourceOutputs(b, pulumi.Map{
		"jobName":   pulumi.String(b.JobName),
		"namespace": pulumi.String(b.Namespace),
	})
}

// objects builds the namespaced children.
type objects struct {
	ctx    *pulumi.Context
	name   string
	a      BootstrapArgs
	ns     pulumi.StringInput
	parent pulumi.ResourceOption
}

func (o objects) meta(name string) *metav1.ObjectMetaArgs {
	return &metav1.ObjectMetaArgs{Name: pulumi.String(name), Namespace: o.ns, Labels: pulumi.ToStringMap(labels())}
}

// newNamespace: Pod Security "restricted" enforced, audited and warned, as the service namespaces;
// the Job's pod meets it, so enforcing only stops a later change from slipping in.
func newNamespace(ctx *pulumi.Context, name string, a BootstrapArgs, opts ...pulumi.ResourceOption) (*corev1.Namespace, error) {
	l := labels()
	for _, mode := range []string{"enforce", "audit", "warn"} {
		l["pod-security.kubernetes.io/"+mode] = "restricted"
		l["pod-security.kubernetes.io/"+mode+"-version"] = "latest"
	}
	ns, err := corev1.NewNamespace(ctx, name+"-namespace", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(a.Namespace), Labels: pulumi.ToStringMap(l)},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("namespace: %w", err)
	}
	return ns, nil
}

// script is the ConfigMap with the SQL, named after its hash and immutable: a changed script is a
// new ConfigMap for the new Job, never an edit under a Job that is running the old one.
func (o objects) script(sql, hash string) (*corev1.ConfigMap, error) {
	cm, err := corev1.NewConfigMap(o.ctx, o.name+"-sql", &corev1.ConfigMapArgs{
		Metadata:  o.meta(appName + "-sql-" + hash),
		Immutable: pulumi.Bool(true),
		Data:      pulumi.StringMap{sqlFile: pulumi.String(sql)},
	}, o.parent)
	if err != nil {
		return nil, fmt.Errorf("sql config map: %w", err)
	}
	return cm, nil
}

func withAnnotations(m *metav1.ObjectMetaArgs, annotations pulumi.StringMap) *metav1.ObjectMetaArgs {
	m.Annotations = annotations
	return m
}
