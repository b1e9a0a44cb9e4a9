package config

import "github.com/ip-platform/infra/internal/quantity"

// ephemeralStorageKey is Kubernetes' name for the resource, kept as the config key so
// services.<name>.limits reads like the container's own resources.limits.
const ephemeralStorageKey = "ephemeral-storage"

// minServiceEphemeralStorage is the services component's floor on the limit
// (components/ipservice/storage.go): it keeps 128Mi for the container's logs and gives /tmp the
// rest, so below 256Mi /tmp would be too small for a runtime's scratch files.
const minServiceEphemeralStorage = 256 << 20

// ephemeralStorageProfile returns the environment's ephemeral-storage request and limit for a
// service container. The services log to stdout (the kubelet rotates it at 5 files of 10Mi) and
// their root filesystem is read-only, so what they write beyond logs is /tmp: a runtime's scratch
// and spooled request bodies. The limit is the ceiling before the kubelet evicts the pod; the
// request is what the scheduler reserves on a node whose disk also holds every image. dev is small
// so a leak shows on its small nodes early; staging runs prod's sizes, so a load test there meets
// the eviction threshold prod would.
func ephemeralStorageProfile(env Environment) (request, limit string) {
	if env == Dev {
		return "128Mi", "512Mi"
	}
	return "256Mi", "1Gi"
}

// readQuantities reads a requests or limits object: cpu, memory, ephemeral-storage.
func readQuantities(o *object, q *Quantities) {
	o.quantity("cpu", &q.CPU)
	o.quantity("memory", &q.Memory)
	o.quantity(ephemeralStorageKey, &q.EphemeralStorage)
}

// validateEphemeralStorage applies the quantity rules, the limit's floor and request <= limit:
// one problem per key.
func validateEphemeralStorage(p *problems, s Service) {
	req, errReq := quantity.EphemeralStorage(s.Requests.EphemeralStorage)
	lim, errLim := quantity.EphemeralStorage(s.Limits.EphemeralStorage)
	if errReq != nil {
		p.add(servicePath(s.Name, "requests."+ephemeralStorageKey), "%v", errReq)
	}
	limitKey := servicePath(s.Name, "limits."+ephemeralStorageKey)
	switch {
	case errLim != nil:
		p.add(limitKey, "%v", errLim)
	case lim < minServiceEphemeralStorage:
		p.add(limitKey, "must be at least %dMi: 128Mi is kept for the container's logs and /tmp gets the rest, got %s",
			minServiceEphemeralStorage>>20, s.Limits.EphemeralStorage)
	case errReq == nil && lim < req:
		p.add(limitKey, "must be at least requests.%s (%s), got %s", ephemeralStorageKey, s.Requests.EphemeralStorage, s.Limits.EphemeralStorage)
	}
}
