package apitests

import (
	"fmt"
	"time"

	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// What the Jobs' pods have in common beside their securityContexts (internal/podsecurity):
// bounded resources and scratch space, plain environment variables and mounts.

// quantities are a CPU, a memory and an ephemeral-storage quantity.
type quantities struct{ cpu, memory, storage string }

func (q quantities) args() pulumi.StringMap {
	return pulumi.StringMap{"cpu": pulumi.String(q.cpu), "memory": pulumi.String(q.memory), "ephemeral-storage": pulumi.String(q.storage)}
}

func resources(requests, limits quantities) *corev1.ResourceRequirementsArgs {
	return &corev1.ResourceRequirementsArgs{Requests: requests.args(), Limits: limits.args()}
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

// jobSpec is what differs between the tests' Jobs.
type jobSpec struct {
	logical, name, component, runID string
	allowInProd                     bool
	deadline                        time.Duration
	pod                             *corev1.PodSpecArgs
	after                           []pulumi.Resource
}

// job creates one test run's Job. A failed run is a result, not a glitch to retry (a retry would
// mix two runs under one testid, or overwrite a scan's report): backoffLimit 0. No
// ttlSecondsAfterFinished: the finished Job is the run's record until the next run id replaces it,
// and one the cluster deleted would be re-created (re-run) by a refresh.
func (o objects) job(j jobSpec) error {
	l := labels(j.component)
	meta := o.meta(j.name, l)
	meta.Annotations = jobAnnotations(j.allowInProd)
	podLabels := pulumi.ToStringMap(l)
	podLabels[labelRunID] = pulumi.String(j.runID)
	if _, err := batchv1.NewJob(o.ctx, o.name+j.logical, &batchv1.JobArgs{
		Metadata: meta,
		Spec: &batchv1.JobSpecArgs{
			BackoffLimit:          pulumi.Int(0),
			ActiveDeadlineSeconds: pulumi.Int(int(j.deadline / time.Second)),
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: podLabels},
				Spec:     j.pod,
			},
		},
	}, o.parent, pulumi.DependsOn(j.after)); err != nil {
		return fmt.Errorf("job: %w", err)
	}
	return nil
}
