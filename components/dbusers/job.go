package dbusers

import (
	"fmt"
	"strconv"

	batchv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/batch/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/podsecurity"
)

// sqlFile is the script's key in the ConfigMap and its file name in the pod.
const sqlFile = "bootstrap.sql"

// postgresUID is the postgres user and group of the official postgres alpine images: a fixed,
// non-zero ID the restricted Pod Security profile accepts.
const postgresUID = 70

// Bounds of a run. The script is a few dozen statements that take well under a second; the time
// goes to pulling the image and to the ExternalSecret's first sync. Four retries cover a database
// still coming up or a failover; ten minutes bound a run that can never succeed (a wrong password,
// an unreachable host), so `pulumi up` fails instead of hanging.
const (
	backoffLimit          = 4
	activeDeadlineSeconds = 600
	connectTimeoutSeconds = 10
)

// Requests and limits of the psql container: a client running one script. /tmp (psql's scratch,
// HOME) is bounded below the ephemeral-storage limit, which also holds the container's log.
const (
	cpuRequest, cpuLimit         = "50m", "200m"
	memoryRequest, memoryLimit   = "64Mi", "128Mi"
	storageRequest, storageLimit = "64Mi", "128Mi"
	tmpSizeLimit                 = "32Mi"
)

// sslMode is "require": the connection is encrypted (the instance also forces TLS,
// rds.force_ssl), but the server's certificate is not checked against the RDS CA. verify-full
// would need the RDS CA bundle in the pod, which the postgres image does not carry and this
// program does not ship; the connection goes only to the database subnets (NetworkPolicy) of the
// VPC, inside which DNS and routes are the platform's own.
const sslMode = "require"

func (o objects) job(name string, script *corev1.ConfigMap, secret pulumi.Resource) (*batchv1.Job, error) {
	plain := func(name string, value pulumi.StringInput) corev1.EnvVarArgs {
		return corev1.EnvVarArgs{Name: pulumi.String(name), Value: value}
	}
	fromSecret := func(name, key string) corev1.EnvVarArgs {
		return corev1.EnvVarArgs{Name: pulumi.String(name), ValueFrom: &corev1.EnvVarSourceArgs{
			SecretKeyRef: &corev1.SecretKeySelectorArgs{Name: pulumi.String(masterSecret), Key: pulumi.String(key)},
		}}
	}
	port := o.a.Port.ToIntOutput().ApplyT(strconv.Itoa).(pulumi.StringOutput)
	rl := func(cpu, memory, storage string) pulumi.StringMap {
		return pulumi.StringMap{"cpu": pulumi.String(cpu), "memory": pulumi.String(memory), "ephemeral-storage": pulumi.String(storage)}
	}
	pod := &corev1.PodSpecArgs{
		RestartPolicy: pulumi.String("Never"),
		// The script needs no Kubernetes API: no token in the pod.
		AutomountServiceAccountToken: pulumi.Bool(false),
		SecurityContext:              podsecurity.Pod(postgresUID),
		Containers: corev1.ContainerArray{corev1.ContainerArgs{
			Name:            pulumi.String("psql"),
			Image:           pulumi.String(o.a.Image),
			ImagePullPolicy: pulumi.String("IfNotPresent"),
			// One transaction, stop at the first error: a failed run changes nothing and fails
			// the pod, so the Job retries and `pulumi up` reports it.
			Command: pulumi.ToStringArray([]string{"psql", "--no-psqlrc", "--single-transaction", "--set", "ON_ERROR_STOP=1", "--file", "/sql/" + sqlFile}),
			Env: corev1.EnvVarArray{
				plain("PGHOST", o.a.Host),
				plain("PGPORT", port),
				plain("PGDATABASE", pulumi.String(o.a.DatabaseName)),
				fromSecret("PGUSER", keyUsername),
				fromSecret("PGPASSWORD", keyPassword),
				plain("PGSSLMODE", pulumi.String(sslMode)),
				plain("PGCONNECT_TIMEOUT", pulumi.String(strconv.Itoa(connectTimeoutSeconds))),
				plain("PGAPPNAME", pulumi.String(appName)),
				// The image's home is on the read-only root filesystem.
				plain("HOME", pulumi.String("/tmp")),
			},
			Resources: &corev1.ResourceRequirementsArgs{
				Requests: rl(cpuRequest, memoryRequest, storageRequest),
				Limits:   rl(cpuLimit, memoryLimit, storageLimit),
			},
			SecurityContext: podsecurity.Container(),
			VolumeMounts: corev1.VolumeMountArray{
				corev1.VolumeMountArgs{Name: pulumi.String("sql"), MountPath: pulumi.String("/sql"), ReadOnly: pulumi.Bool(true)},
				corev1.VolumeMountArgs{Name: pulumi.String("tmp"), MountPath: pulumi.String("/tmp")},
			},
		}},
		Volumes: corev1.VolumeArray{
			corev1.VolumeArgs{Name: pulumi.String("sql"), ConfigMap: &corev1.ConfigMapVolumeSourceArgs{Name: script.Metadata.Name().Elem()}},
			corev1.VolumeArgs{Name: pulumi.String("tmp"), EmptyDir: &corev1.EmptyDirVolumeSourceArgs{SizeLimit: pulumi.String(tmpSizeLimit)}},
		},
	}
	job, err := batchv1.NewJob(o.ctx, o.name+"-job", &batchv1.JobArgs{
		Metadata: o.meta(name),
		Spec: &batchv1.JobSpecArgs{
			BackoffLimit:          pulumi.Int(backoffLimit),
			ActiveDeadlineSeconds: pulumi.Int(activeDeadlineSeconds),
			// No ttlSecondsAfterFinished: the finished Job stays as the record of the last run, and
			// a Job the cluster deleted on its own would be recreated (and re-run) by the next
			// refresh.
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{Labels: pulumi.ToStringMap(labels())},
				Spec:     pod,
			},
		},
	}, o.parent, pulumi.DependsOn([]pulumi.Resource{secret, script}))
	if err != nil {
		return nil, fmt.Errorf("job: %w", err)
	}
	return job, nil
}
