package ipservice

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// newServiceAccount creates the service account that assumes the service's role (RoleArn, made
// by NewRole, whose trust names this account).
func newServiceAccount(ctx *pulumi.Context, name string, a ServiceArgs, ns pulumi.StringInput, opts ...pulumi.ResourceOption) (*corev1.ServiceAccount, error) {
	sa, err := corev1.NewServiceAccount(ctx, name+"-sa", &corev1.ServiceAccountArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:        pulumi.String(a.ServiceName),
			Namespace:   ns,
			Labels:      pulumi.ToStringMap(serviceLabels(a.ServiceName)),
			Annotations: pulumi.StringMap{"eks.amazonaws.com/role-arn": a.RoleArn},
		},
		// The service does not call the Kubernetes API, so it gets no API token. The IRSA web
		// identity token (which it needs to sign its Redis tokens) is a separate projected volume
		// the EKS pod identity webhook adds whatever this says, and ESO requests tokens for the
		// account through the TokenRequest API, which this does not affect either.
		AutomountServiceAccountToken: pulumi.Bool(false),
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("service account: %w", err)
	}
	return sa, nil
}
