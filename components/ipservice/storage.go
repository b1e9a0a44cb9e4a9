package ipservice

import (
	"fmt"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/quantity"
)

// Ephemeral storage is what a container writes to its node's disk: its logs (the kubelet keeps
// stdout and stderr under /var/log/pods), its writable layer (empty here: the root filesystem is
// read-only) and its emptyDir volumes (/tmp). A container without a limit can fill the disk and
// get every pod on the node evicted; with one, the kubelet evicts only that pod.
const (
	defaultEphemeralStorageRequest = "256Mi"
	defaultEphemeralStorageLimit   = "1Gi"
	// logsReserve is the share of the limit kept for the container's logs. The kubelet rotates
	// them at its defaults, 5 files of 10Mi, but checks only every 10 s, so a burst can run the
	// current file past 10Mi before it rotates: 128Mi covers about 8 MB/s of logging.
	logsReserve = 128 << 20
	// minEphemeralStorageLimit leaves /tmp at least 128Mi once the logs have their share.
	minEphemeralStorageLimit = 2 * logsReserve
)

// ephemeralStorageDefaults fills the ephemeral-storage fields a caller left out.
func ephemeralStorageDefaults(r *Resources) {
	if r.EphemeralStorageRequest == "" {
		r.EphemeralStorageRequest = defaultEphemeralStorageRequest
	}
	if r.EphemeralStorageLimit == "" {
		r.EphemeralStorageLimit = defaultEphemeralStorageLimit
	}
}

// checkEphemeralStorage applies the quantity rules, request <= limit and the limit's floor.
func checkEphemeralStorage(r Resources) error {
	req, err := quantity.EphemeralStorage(r.EphemeralStorageRequest)
	if err != nil {
		return fmt.Errorf("EphemeralStorageRequest: %w", err)
	}
	lim, err := quantity.EphemeralStorage(r.EphemeralStorageLimit)
	if err != nil {
		return fmt.Errorf("EphemeralStorageLimit: %w", err)
	}
	switch {
	case lim < minEphemeralStorageLimit:
		return fmt.Errorf("EphemeralStorageLimit %s must be at least %dMi: %dMi is kept for the container's logs and /tmp gets the rest",
			r.EphemeralStorageLimit, minEphemeralStorageLimit>>20, logsReserve>>20)
	case lim < req:
		return fmt.Errorf("EphemeralStorageLimit %s must be at least EphemeralStorageRequest %s", r.EphemeralStorageLimit, r.EphemeralStorageRequest)
	}
	return nil
}

// tmpSizeLimit is the /tmp emptyDir's sizeLimit: the ephemeral-storage limit minus the logs'
// share. Below the limit on purpose: a runaway /tmp then trips the volume's own limit, and the
// eviction names the volume instead of the pod's total. Resources are validated, so it parses.
func tmpSizeLimit(r Resources) string {
	lim, _ := quantity.EphemeralStorage(r.EphemeralStorageLimit)
	mi := (lim - logsReserve) >> 20
	if mi%1024 == 0 {
		return fmt.Sprintf("%dGi", mi/1024)
	}
	return fmt.Sprintf("%dMi", mi)
}

// requestsMap and limitsMap are the container's resource lists, in Kubernetes' resource names.
func requestsMap(r Resources) pulumi.StringMap {
	return pulumi.StringMap{
		"cpu": pulumi.String(r.CPURequest), "memory": pulumi.String(r.MemoryRequest),
		"ephemeral-storage": pulumi.String(r.EphemeralStorageRequest),
	}
}

func limitsMap(r Resources) pulumi.StringMap {
	return pulumi.StringMap{
		"cpu": pulumi.String(r.CPULimit), "memory": pulumi.String(r.MemoryLimit),
		"ephemeral-storage": pulumi.String(r.EphemeralStorageLimit),
	}
}

// containerResources are the service container's requests and limits.
func containerResources(r Resources) *corev1.ResourceRequirementsArgs {
	return &corev1.ResourceRequirementsArgs{Requests: requestsMap(r), Limits: limitsMap(r)}
}

// tmpVolume is the container's scratch directory, bounded so it cannot outgrow the container's
// ephemeral-storage limit.
func tmpVolume(r Resources) corev1.VolumeArgs {
	return corev1.VolumeArgs{
		Name:     pulumi.String("tmp"),
		EmptyDir: &corev1.EmptyDirVolumeSourceArgs{SizeLimit: pulumi.String(tmpSizeLimit(r))},
	}
}
