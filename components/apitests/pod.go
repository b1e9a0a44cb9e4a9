package apitests

import (
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// What the Jobs' pods have in common: an unprivileged user, the runtime's seccomp profile, no
// capability, a read-only root filesystem, bounded scratch space.

// quantities are a CPU, a memory and an ephemeral-storage quantity.
type quantities struct{ cpu, memory, storage string }

func (q quantities) args() pulumi.StringMap {
	return pulumi.StringMap{"cpu": pulumi.String(q.cpu), "memory": pulumi.String(q.memory), "ephemeral-storage": pulumi.String(q.storage)}
}

func resources(requests, limits quantities) *corev1.ResourceRequirementsArgs {
	return &corev1.ResourceRequirementsArgs{Requests: requests.args(), Limits: limits.args()}
}

func podSecurity(uid int) *corev1.PodSecurityContextArgs {
	return &corev1.PodSecurityContextArgs{
		RunAsNonRoot:   pulumi.Bool(true),
		RunAsUser:      pulumi.Int(uid),
		RunAsGroup:     pulumi.Int(uid),
		FsGroup:        pulumi.Int(uid),
		SeccompProfile: &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
	}
}

func containerSecurity() *corev1.SecurityContextArgs {
	return &corev1.SecurityContextArgs{
		RunAsNonRoot:             pulumi.Bool(true),
		AllowPrivilegeEscalation: pulumi.Bool(false),
		ReadOnlyRootFilesystem:   pulumi.Bool(true),
		Privileged:               pulumi.Bool(false),
		Capabilities:             &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
		SeccompProfile:           &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")},
	}
}

func env(name, value string) corev1.EnvVarArgs {
	return corev1.EnvVarArgs{Name: pulumi.String(name), Value: pulumi.String(value)}
}

func mount(name, path string, readOnly bool) corev1.VolumeMountArgs {
	return corev1.VolumeMountArgs{Name: pulumi.String(name), MountPath: pulumi.String(path), ReadOnly: pulumi.Bool(readOnly)}
}

func scratch(name, size string) corev1.VolumeArgs {
	return corev1.VolumeArgs{Name: pulumi.String(name), EmptyDir: &corev1.EmptyDirVolumeSourceArgs{SizeLimit: pulumi.String(size)}}
}

// jobAnnotations: the Job is created without waiting for its end (the workflow waits for it),
// and carries the stack's consent to run in prod when it gave one.
func jobAnnotations(allowInProd bool) pulumi.StringMap {
	m := pulumi.StringMap{"pulumi.com/skipAwait": pulumi.String("true")}
	if allowInProd {
		m[AnnotationAllowInProd] = pulumi.String("true")
	}
	return m
}
