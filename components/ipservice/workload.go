package ipservice

import (
	"fmt"
	"maps"
	"strconv"
	"strings"

	appsv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apps/v1"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/helmvalues"
	"github.com/ip-platform/infra/internal/podsecurity"
)

// Port names: probes, the Service and the NetworkPolicies refer to ports by these.
const (
	portAPI        = "api"
	portManagement = "management"
)

// runAs is the unprivileged user and group the service containers run as (any non-zero ID passes
// the restricted profile; a fixed one keeps file ownership on emptyDir volumes predictable).
const runAs = 10001

// podLabels are a track's pod labels: the service's plus the track's own.
func podLabels(service string, t track) map[string]string {
	l := serviceLabels(service)
	maps.Copy(l, t.labels)
	return l
}

// managementPortName is the port the probes use: the API port when the service has no separate
// management port (recommendation serves health and metrics on 3000).
func managementPortName(a ServiceArgs) string {
	if a.ManagementPort == a.APIPort {
		return portAPI
	}
	return portManagement
}

func containerPorts(a ServiceArgs) corev1.ContainerPortArray {
	ports := corev1.ContainerPortArray{corev1.ContainerPortArgs{
		Name: pulumi.String(portAPI), ContainerPort: pulumi.Int(a.APIPort), Protocol: pulumi.String("TCP"),
	}}
	if a.ManagementPort != a.APIPort {
		ports = append(ports, corev1.ContainerPortArgs{
			Name: pulumi.String(portManagement), ContainerPort: pulumi.Int(a.ManagementPort), Protocol: pulumi.String("TCP"),
		})
	}
	return ports
}

// probes: the startup probe gives a slow JVM-style start up to 150 s before liveness takes over, so
// liveness can stay strict (30 s of failures restarts the pod) without killing pods that are merely
// starting; readiness takes a pod out of the Service (and the ALB) within 15 s.
func probes(a ServiceArgs) (startup, liveness, readiness *corev1.ProbeArgs) {
	get := func(path string) *corev1.HTTPGetActionArgs {
		return &corev1.HTTPGetActionArgs{Path: pulumi.String(path), Port: pulumi.String(managementPortName(a))}
	}
	startup = &corev1.ProbeArgs{HttpGet: get(a.LivenessPath), PeriodSeconds: pulumi.Int(5), FailureThreshold: pulumi.Int(30), TimeoutSeconds: pulumi.Int(2)}
	liveness = &corev1.ProbeArgs{HttpGet: get(a.LivenessPath), PeriodSeconds: pulumi.Int(10), FailureThreshold: pulumi.Int(3), TimeoutSeconds: pulumi.Int(2)}
	readiness = &corev1.ProbeArgs{HttpGet: get(a.ReadinessPath), PeriodSeconds: pulumi.Int(5), FailureThreshold: pulumi.Int(3), TimeoutSeconds: pulumi.Int(2)}
	return startup, liveness, readiness
}

// arnResourceName is the last segment of an ARN ("ip-prod" of
// "arn:aws:elasticache:eu-west-1:111122223333:replicationgroup:ip-prod").
func arnResourceName(arn string) string {
	return arn[strings.LastIndexAny(arn, ":/")+1:]
}

func env(a ServiceArgs, t track) corev1.EnvVarArray {
	plain := func(name string, value pulumi.StringInput) corev1.EnvVarArgs {
		return corev1.EnvVarArgs{Name: pulumi.String(name), Value: value}
	}
	portString := func(p pulumi.IntInput) pulumi.StringOutput {
		return p.ToIntOutput().ApplyT(strconv.Itoa).(pulumi.StringOutput)
	}
	version := t.labels[LabelTrack] + t.labels[LabelColor]
	return corev1.EnvVarArray{
		plain("DB_HOST", a.Database.Host),
		plain("DB_PORT", portString(a.Database.Port)),
		plain("DB_NAME", pulumi.String(a.Database.Name)),
		// The database rejects unencrypted connections (rds.force_ssl); say so explicitly.
		plain("DB_SSLMODE", pulumi.String("require")),
		// IAM authentication: the client signs a SigV4 token (service "rds-db", 15 minutes) for
		// DB_HOST:DB_PORT as DB_USERNAME with the pod's Pod Identity credentials and sends it as
		// the password; TLS is required for it, which DB_SSLMODE already says.
		plain("DB_AUTH_MODE", pulumi.String("iam")),
		plain("DB_USERNAME", pulumi.String(a.Database.User)),
		plain("REDIS_HOST", a.Cache.Host),
		plain("REDIS_PORT", portString(a.Cache.Port)),
		plain("REDIS_TLS", pulumi.String("true")),
		// IAM authentication: the client signs a SigV4 token (service "elasticache") for the
		// replication group as REDIS_USER with the pod's Pod Identity credentials and sends it with AUTH.
		plain("REDIS_AUTH_MODE", pulumi.String("iam")),
		plain("REDIS_USER", pulumi.String(a.Cache.User)),
		plain("REDIS_REPLICATION_GROUP_ID", a.Cache.ReplicationGroupArn.ToStringOutput().ApplyT(arnResourceName).(pulumi.StringOutput)),
		plain("OTEL_EXPORTER_OTLP_ENDPOINT", pulumi.String(a.OtelEndpoint)),
		plain("OTEL_SERVICE_NAME", pulumi.String(a.ServiceName)),
		// The track or color lets traces and metrics of a canary be compared with the stable ones.
		plain("OTEL_RESOURCE_ATTRIBUTES", pulumi.String("service.namespace="+PartOf+",deployment.track="+version)),
	}
}

// podSpec is the pod of one track.
func podSpec(a ServiceArgs, t track) *corev1.PodSpecArgs {
	r := a.Resources
	startup, liveness, readiness := probes(a)
	selector := &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(podLabels(a.ServiceName, t))}
	spread := func(key, when string) corev1.TopologySpreadConstraintArgs {
		return corev1.TopologySpreadConstraintArgs{
			TopologyKey: pulumi.String(key), MaxSkew: pulumi.Int(1), WhenUnsatisfiable: pulumi.String(when),
			LabelSelector: selector,
			// Count only pods of the same ReplicaSet, so the old pods of a rollout do not skew
			// where the new ones go.
			MatchLabelKeys: pulumi.StringArray{pulumi.String("pod-template-hash")},
		}
	}
	return &corev1.PodSpecArgs{
		ServiceAccountName: pulumi.String(a.ServiceName),
		// No Kubernetes API token in the pod (the service never calls the API); the IRSA token is
		// projected separately by the EKS pod identity webhook. Off on the pod as well as on the
		// service account, so dropping either setting alone does not bring the token back.
		AutomountServiceAccountToken:  pulumi.Bool(false),
		TerminationGracePeriodSeconds: pulumi.Int(30),
		SecurityContext:               podsecurity.Pod(runAs),
		TopologySpreadConstraints: corev1.TopologySpreadConstraintArray{
			// A zone outage must leave pods in the other zones: hard. Hosts: soft, so a small
			// cluster can still schedule more replicas than it has nodes.
			spread("topology.kubernetes.io/zone", "DoNotSchedule"),
			spread("kubernetes.io/hostname", "ScheduleAnyway"),
		},
		Containers: corev1.ContainerArray{corev1.ContainerArgs{
			Name:            pulumi.String(a.ServiceName),
			Image:           pulumi.String(t.image),
			ImagePullPolicy: pulumi.String("IfNotPresent"),
			Ports:           containerPorts(a),
			Env:             env(a, t),
			EnvFrom: corev1.EnvFromSourceArray{corev1.EnvFromSourceArgs{
				Prefix:       pulumi.String(flagPrefix),
				ConfigMapRef: &corev1.ConfigMapEnvSourceArgs{Name: pulumi.String(a.ServiceName + "-flags")},
			}},
			Resources:       containerResources(r),
			StartupProbe:    startup,
			LivenessProbe:   liveness,
			ReadinessProbe:  readiness,
			SecurityContext: podsecurity.Container(),
			// The root filesystem is read-only; runtimes still want a scratch directory.
			VolumeMounts: corev1.VolumeMountArray{corev1.VolumeMountArgs{Name: pulumi.String("tmp"), MountPath: pulumi.String("/tmp")}},
		}},
		Volumes: corev1.VolumeArray{tmpVolume(r)},
	}
}

// newDeployment creates the Deployment of one track.
func newDeployment(ctx *pulumi.Context, name string, a ServiceArgs, t track, ns pulumi.StringInput, opts ...pulumi.ResourceOption) (*appsv1.Deployment, error) {
	labels := podLabels(a.ServiceName, t)
	var replicas pulumi.IntPtrInput
	if !t.scaled() {
		replicas = pulumi.IntPtr(*t.replicas)
	}
	d, err := appsv1.NewDeployment(ctx, name+t.suffix, &appsv1.DeploymentArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String(a.ServiceName + t.suffix),
			Namespace: ns,
			Labels:    pulumi.ToStringMap(labels),
		},
		Spec: &appsv1.DeploymentSpecArgs{
			Replicas:             replicas,
			RevisionHistoryLimit: pulumi.Int(5),
			Selector:             &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(labels)},
			Strategy: &appsv1.DeploymentStrategyArgs{
				Type: pulumi.String("RollingUpdate"),
				RollingUpdate: &appsv1.RollingUpdateDeploymentArgs{
					// New pods first, old ones only once they are ready: capacity never dips.
					MaxSurge:       pulumi.String("25%"),
					MaxUnavailable: pulumi.Int(0),
				},
			},
			Template: &corev1.PodTemplateSpecArgs{
				Metadata: &metav1.ObjectMetaArgs{
					Labels: pulumi.ToStringMap(labels),
					Annotations: pulumi.StringMap{
						flagsHashKey:         pulumi.String(flagsChecksum(a.FeatureFlags)),
						"prometheus.io/port": pulumi.String(strconv.Itoa(a.ManagementPort)),
						"prometheus.io/path": pulumi.String(a.MetricsPath),
						// Where the pods' AWS credentials come from (helmvalues): a change rolls them.
						helmvalues.CredentialsAnnotationKey: pulumi.String(helmvalues.CredentialsAnnotationValue),
					},
				},
				Spec: podSpec(a, t),
			},
		},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("deployment %s: %w", a.ServiceName+t.suffix, err)
	}
	return d, nil
}
