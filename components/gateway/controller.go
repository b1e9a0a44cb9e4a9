package gateway

import (
	"fmt"

	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	networkingv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/networking/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/charts"
	"github.com/ip-platform/infra/internal/helmvalues"
)

// controllerName is the IngressClass controller value the AWS Load Balancer Controller serves.
const controllerName = "ingress.k8s.aws/alb"

// newController installs the pinned chart through the installer, as the service account the
// controller's pod identity association names. It returns the release (Ingresses wait for it).
func newController(ctx *pulumi.Context, name string, a GatewayArgs, parent pulumi.ResourceOption) (pulumi.Resource, error) {
	// ToStringOutput: an ID output (VpcID) resolves to pulumi.ID, not string.
	values := pulumi.All(a.ClusterName.ToStringOutput(), a.VpcID.ToStringOutput()).ApplyT(func(v []any) (map[string]any, error) {
		return helmvalues.ToMap(buildControllerValues(a, v[0].(string), v[1].(string)))
	}).(pulumi.MapOutput)

	// Helm's atomic install rolls a failed upgrade back rather than leaving the cluster's load
	// balancers unmanaged, and waits for the webhooks to be ready before the Ingresses are created.
	release, err := charts.Or(a.Charts).Install(ctx, name+"-controller", charts.Release{
		Name: releaseName,
		// kube-system exists in every cluster: no namespace to create.
		Namespace: pulumi.String(Namespace),
		Chart:     Chart,
		Values:    values,
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("controller: %w", err)
	}
	return release, nil
}

// newIngressClass creates the IngressClass the Ingresses name. It is the component's, not the
// chart's (createIngressClassResource is off): the class exists wherever the Ingresses do, even
// where the chart is not installed. No IngressClassParams: every load balancer setting is an
// Ingress annotation (ingress.go), and the params' CRD comes with the chart.
func newIngressClass(ctx *pulumi.Context, name string, parent pulumi.ResourceOption) (pulumi.Resource, error) {
	class, err := networkingv1.NewIngressClass(ctx, name+"-ingress-class", &networkingv1.IngressClassArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:   pulumi.String(IngressClass),
			Labels: pulumi.StringMap{"app.kubernetes.io/part-of": pulumi.String("api-gateway")},
		},
		Spec: &networkingv1.IngressClassSpecArgs{Controller: pulumi.String(controllerName)},
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("ingress class: %w", err)
	}
	return class, nil
}
