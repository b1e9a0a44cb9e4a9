package ipservice

import (
	"fmt"
	"maps"
	"strconv"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/quantity"
)

// psaLevel is the Pod Security Standard every service namespace enforces. "restricted" is what the
// Deployment's security context already meets, so enforcing it only stops a later change (a debug
// sidecar running as root, a hostPath) from slipping in.
const psaLevel = "restricted"

// serviceLabels are the labels of every object of a service.
func serviceLabels(service string) map[string]string {
	return map[string]string{LabelName: service, LabelPartOf: PartOf}
}

// PodSelector selects every pod of a service (all its tracks): what another namespace's
// NetworkPolicy names it by.
func PodSelector(service string) map[string]string { return serviceLabels(service) }

// namespaceLabels puts the namespace under Pod Security Admission: enforce rejects violating pods,
// audit and warn report them in the audit log and to kubectl, pinned to "latest" so the level
// follows the cluster's Kubernetes version. An enrolled service's namespace also carries the mesh's
// enrolment labels: the ambient mesh needs nothing in the pods, so the level stays restricted.
func namespaceLabels(a ServiceArgs) map[string]string {
	l := serviceLabels(a.ServiceName)
	maps.Copy(l, namespaceMeshLabels(a))
	for _, mode := range []string{"enforce", "audit", "warn"} {
		l["pod-security.kubernetes.io/"+mode] = psaLevel
		l["pod-security.kubernetes.io/"+mode+"-version"] = "latest"
	}
	return l
}

// quota sizes the namespace's ResourceQuota from what the service may legitimately run at its
// peak: every track at its ceiling plus the rolling update's surge pods. A quota below that would
// stall a scale-up or a rollout; one much above it would let a runaway fill the cluster.
func quota(a ServiceArgs, p plan) (map[string]string, error) {
	pods := p.hpaMax
	for _, t := range p.tracks {
		if !t.scaled() {
			pods += *t.replicas
		}
	}
	pods += surge(p.hpaMax)
	cpu, err := quantity.CPU(a.Resources.CPULimit)
	if err != nil {
		return nil, err
	}
	mem, err := quantity.Memory(a.Resources.MemoryLimit)
	if err != nil {
		return nil, err
	}
	cpuReq, err := quantity.CPU(a.Resources.CPURequest)
	if err != nil {
		return nil, err
	}
	memReq, err := quantity.Memory(a.Resources.MemoryRequest)
	if err != nil {
		return nil, err
	}
	n := int64(pods)
	// An enrolled namespace also runs its waypoint (mesh.go).
	wPods, wCPUReq, wCPULim, wMemReq, wMemLim, err := meshQuota(a)
	if err != nil {
		return nil, err
	}
	return map[string]string{
		"pods":            strconv.Itoa(pods + wPods),
		"requests.cpu":    fmt.Sprintf("%dm", n*cpuReq+wCPUReq),
		"limits.cpu":      fmt.Sprintf("%dm", n*cpu+wCPULim),
		"requests.memory": fmt.Sprintf("%dMi", n*memReq>>20+wMemReq),
		"limits.memory":   fmt.Sprintf("%dMi", n*mem>>20+wMemLim),
	}, nil
}

// surge is the rolling update's maxSurge of 25% in pods, rounded up as Kubernetes does.
func surge(replicas int) int { return (replicas + 3) / 4 }

// newNamespace creates the namespace, its quota and its LimitRange.
func newNamespace(ctx *pulumi.Context, name string, a ServiceArgs, p plan, opts ...pulumi.ResourceOption) (*corev1.Namespace, error) {
	ns, err := corev1.NewNamespace(ctx, name+"-namespace", &corev1.NamespaceArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:   pulumi.String(a.ServiceName),
			Labels: pulumi.ToStringMap(namespaceLabels(a)),
		},
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("namespace: %w", err)
	}
	hard, err := quota(a, p)
	if err != nil {
		return nil, fmt.Errorf("quota: %w", err)
	}
	meta := func(suffix string) *metav1.ObjectMetaArgs {
		return &metav1.ObjectMetaArgs{
			Name:      pulumi.String(a.ServiceName + suffix),
			Namespace: ns.Metadata.Name(),
			Labels:    pulumi.ToStringMap(serviceLabels(a.ServiceName)),
		}
	}
	if _, err := corev1.NewResourceQuota(ctx, name+"-quota", &corev1.ResourceQuotaArgs{
		Metadata: meta("-quota"),
		Spec:     &corev1.ResourceQuotaSpecArgs{Hard: pulumi.ToStringMap(hard)},
	}, opts...); err != nil {
		return nil, fmt.Errorf("resource quota: %w", err)
	}
	r := a.Resources
	if _, err := corev1.NewLimitRange(ctx, name+"-limits", &corev1.LimitRangeArgs{
		Metadata: meta("-limits"),
		Spec: &corev1.LimitRangeSpecArgs{Limits: corev1.LimitRangeItemArray{corev1.LimitRangeItemArgs{
			Type: pulumi.String("Container"),
			// A container without resources (a debug container, a future sidecar, the mesh's
			// waypoint for ephemeral storage) gets the service's own, so the quota above can count
			// it and no container in the namespace writes to its node's disk unbounded.
			Default:        limitsMap(r),
			DefaultRequest: requestsMap(r),
			// No container in the namespace may exceed the service's limits, the spec's ceiling.
			Max: limitsMap(r),
		}}},
	}, opts...); err != nil {
		return nil, fmt.Errorf("limit range: %w", err)
	}
	return ns, nil
}
