package externalsecrets

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/helmvalues"
)

// OperatorArgs describes the operator of one cluster.
type OperatorArgs struct {
	// Replicas of the controller and the webhook, 1 to 3 (use 2 in production: the webhook
	// admits every ESO object). Defaults to 1.
	Replicas int
	// Charts installs the chart. Optional; nil installs with Helm.
	Charts charts.Installer
}

// Operator is the External Secrets Operator with its CRDs.
type Operator struct {
	pulumi.ResourceState

	// Release is the chart's release; custom resources of ESO's CRDs depend on it.
	Release pulumi.Resource
}

func withDefaults(name string, args *OperatorArgs) (OperatorArgs, error) {
	if args == nil {
		return OperatorArgs{}, fmt.Errorf("externalsecrets %s: args are required", name)
	}
	a := *args
	if a.Replicas == 0 {
		a.Replicas = 1
	}
	switch {
	case a.Replicas < 1 || a.Replicas > 3:
		return a, fmt.Errorf("externalsecrets %s: Replicas (%d) must be between 1 and 3", name, a.Replicas)
	}
	return a, nil
}

// NewOperator creates the operator's namespace and installs the pinned chart. The role and its
// pod identity association are NewRole's, created apart so this runs against any cluster; pass the
// association in opts (DependsOn), so the pods start with their credentials.
func NewOperator(ctx *pulumi.Context, name string, args *OperatorArgs, opts ...pulumi.ResourceOption) (*Operator, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	op := &Operator{}
	err = ctx.RegisterComponentResourceV2("ip-platform:externalsecrets:Operator", name, pulumi.Map{
		"replicas":     pulumi.Int(a.Replicas),
		"chartVersion": pulumi.String(ChartVersion),
	}, op, opts...)
	if err != nil {
		return nil, err
	}
	parent := pulumi.Parent(op)

	// The namespace is ours, not Helm's (CreateNamespace): it carries the Pod Security labels, and
	// it exists even where the chart is skipped.
	ns, err := corev1.NewNamespace(ctx, name+"-namespace", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(Namespace), Labels: pulumi.ToStringMap(namespaceLabels())},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("externalsecrets %s: namespace: %w", name, err)
	}

	chartValues, err := helmvalues.ToMap(buildValues(a.Replicas))
	if err != nil {
		return nil, fmt.Errorf("externalsecrets %s: values: %w", name, err)
	}
	op.Release, err = charts.Or(a.Charts).Install(ctx, name, charts.Release{
		Name:      releaseName,
		Namespace: ns.Metadata.Name().Elem(),
		Chart:     Chart,
		Values:    pulumi.ToMap(chartValues).ToMapOutput(),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("externalsecrets %s: %w", name, err)
	}

	return op, ctx.RegisterResourceOutputs(op, pulumi.Map{})
}

// namespaceLabels enforce the restricted Pod Security Standard, which the chart's pods meet by
// default (non-root, read-only root filesystem, all capabilities dropped, RuntimeDefault seccomp),
// and audit and warn at the same level, pinned to "latest" so the level follows the cluster's
// Kubernetes version.
func namespaceLabels() map[string]string {
	l := map[string]string{"app.kubernetes.io/part-of": "ip-platform"}
	for _, mode := range []string{"enforce", "audit", "warn"} {
		l["pod-security.kubernetes.io/"+mode] = "restricted"
		l["pod-security.kubernetes.io/"+mode+"-version"] = "latest"
	}
	return l
}
