package gateway

import (
	"fmt"

	helmv3 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/irsa"
	"github.com/ip-platform/infra/internal/helmvalues"
)

// newController creates the controller's IRSA role and installs the pinned chart. It returns the
// release (Ingresses wait for it) and the role's ARN.
func newController(ctx *pulumi.Context, name string, a GatewayArgs, parent pulumi.ResourceOption) (*helmv3.Release, pulumi.StringOutput, error) {
	role, err := irsa.NewRole(ctx, name+"-controller-irsa", &irsa.RoleArgs{
		OidcProviderArn: a.OidcProviderArn,
		OidcIssuerURL:   a.OidcIssuerURL,
		Namespace:       Namespace,
		ServiceAccount:  ServiceAccount,
		Policy:          pulumi.String(controllerPolicy()),
	}, parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, fmt.Errorf("controller iam role: %w", err)
	}

	// ToStringOutput: an ID output (VpcID) resolves to pulumi.ID, not string.
	values := pulumi.All(a.ClusterName.ToStringOutput(), a.VpcID.ToStringOutput(), role.Arn).ApplyT(func(v []any) (map[string]any, error) {
		return helmvalues.ToMap(buildControllerValues(a, v[0].(string), v[1].(string), v[2].(string)))
	}).(pulumi.MapOutput)

	release, err := helmv3.NewRelease(ctx, name+"-controller", &helmv3.ReleaseArgs{
		Name:      pulumi.String(releaseName),
		Namespace: pulumi.String(Namespace),
		Chart:     pulumi.String(ChartName),
		Version:   pulumi.String(ChartVersion),
		RepositoryOpts: helmv3.RepositoryOptsArgs{
			Repo: pulumi.String(ChartRepo),
		},
		Values: values,
		// A failed upgrade rolls back rather than leaving the cluster's load balancers unmanaged;
		// atomic also waits for the webhooks to be ready before the Ingresses are created.
		Atomic: pulumi.Bool(true),
		// Helm keeps one Secret per revision in kube-system; bound them.
		MaxHistory: pulumi.Int(10),
	}, parent)
	if err != nil {
		return nil, pulumi.StringOutput{}, fmt.Errorf("controller helm release: %w", err)
	}
	return release, role.Arn, nil
}
