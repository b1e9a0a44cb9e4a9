package observability

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	storagev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/storage/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// namespace creates a namespace of the stack enforcing the given Pod Security level.
func (o *Observability) namespace(ctx *pulumi.Context, logical, name, enforce string, opts []pulumi.ResourceOption) (*corev1.Namespace, error) {
	ns, err := corev1.NewNamespace(ctx, logical, &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(name), Labels: pulumi.ToStringMap(namespaceLabels(enforce))},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("namespace %s: %w", name, err)
	}
	return ns, nil
}

// storageClass creates the encrypted gp3 class every volume of the stack uses. EKS clusters from
// 1.30 on have no default StorageClass, and the in-tree gp2 class is neither encrypted nor gp3.
// WaitForFirstConsumer creates each EBS volume in the zone its pod was scheduled to; volumes are
// kept when a claim is deleted, so metrics and traces survive an uninstall by mistake.
func (o *Observability) storageClass(ctx *pulumi.Context, name string, opts []pulumi.ResourceOption) error {
	_, err := storagev1.NewStorageClass(ctx, name+"-storage-class", &storagev1.StorageClassArgs{
		Metadata:             &metav1.ObjectMetaArgs{Name: pulumi.String(storageClass)},
		Provisioner:          pulumi.String("ebs.csi.aws.com"),
		Parameters:           pulumi.StringMap{"type": pulumi.String("gp3"), "encrypted": pulumi.String("true")},
		VolumeBindingMode:    pulumi.String("WaitForFirstConsumer"),
		ReclaimPolicy:        pulumi.String("Retain"),
		AllowVolumeExpansion: pulumi.Bool(true),
	}, opts...)
	if err != nil {
		return fmt.Errorf("storage class: %w", err)
	}
	return nil
}

// badgerClaim is the volume Jaeger's badger store lives on.
func (o *Observability) badgerClaim(ctx *pulumi.Context, name string, a ObservabilityArgs, ns pulumi.StringInput, opts []pulumi.ResourceOption) (pulumi.Resource, error) {
	pvc, err := corev1.NewPersistentVolumeClaim(ctx, name+"-jaeger-badger", &corev1.PersistentVolumeClaimArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name: pulumi.String(jaegerBadgerClaim), Namespace: ns,
			// With WaitForFirstConsumer the claim stays Pending until Jaeger's pod exists, which the
			// Jaeger release creates after it: don't wait for Bound.
			Annotations: pulumi.StringMap{"pulumi.com/skipAwait": pulumi.String("true")},
		},
		Spec: &corev1.PersistentVolumeClaimSpecArgs{
			AccessModes:      pulumi.StringArray{pulumi.String("ReadWriteOnce")},
			StorageClassName: pulumi.String(storageClass),
			Resources: &corev1.VolumeResourceRequirementsArgs{
				Requests: pulumi.StringMap{"storage": pulumi.Sprintf("%dGi", a.TraceStorageGiB)},
			},
		},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("jaeger volume: %w", err)
	}
	return pvc, nil
}
