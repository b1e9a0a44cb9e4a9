// Package podsecurity is the securityContext of every pod the program writes itself (the
// services, the database bootstrap Job, the API tests' Jobs): the Pod Security Standards'
// restricted profile (https://kubernetes.io/docs/concepts/security/pod-security-standards/) and
// a read-only root filesystem on top. One copy, so a pod the program adds cannot miss a field;
// the charts' pods take the same settings through their own values.
package podsecurity

import (
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Pod runs every container of the pod as uid (user and group, and the group of its volumes),
// never as root, under the runtime's default seccomp profile.
func Pod(uid int) *corev1.PodSecurityContextArgs {
	return &corev1.PodSecurityContextArgs{
		RunAsNonRoot:   pulumi.Bool(true),
		RunAsUser:      pulumi.Int(uid),
		RunAsGroup:     pulumi.Int(uid),
		FsGroup:        pulumi.Int(uid),
		SeccompProfile: runtimeDefault(),
	}
}

// Container is a container that cannot gain privileges, holds no capability and cannot write its
// root filesystem (a pod gives it an emptyDir where it needs scratch space). It repeats the
// pod's runAsNonRoot and seccomp profile so the container stays restricted when copied into a
// pod that lacks them.
func Container() *corev1.SecurityContextArgs {
	return &corev1.SecurityContextArgs{
		RunAsNonRoot:             pulumi.Bool(true),
		AllowPrivilegeEscalation: pulumi.Bool(false),
		ReadOnlyRootFilesystem:   pulumi.Bool(true),
		Privileged:               pulumi.Bool(false),
		Capabilities:             &corev1.CapabilitiesArgs{Drop: pulumi.StringArray{pulumi.String("ALL")}},
		SeccompProfile:           runtimeDefault(),
	}
}

func runtimeDefault() *corev1.SeccompProfileArgs {
	return &corev1.SeccompProfileArgs{Type: pulumi.String("RuntimeDefault")}
}
