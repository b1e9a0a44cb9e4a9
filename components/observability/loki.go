package observability

import (
	"fmt"

	"github.com/ip-platform/infra/internal/helmvalues"
)

// lokiServiceAccount is the service account of every Loki pod; Loki's pod identity association
// names exactly it.
const lokiServiceAccount = "loki"

// lokiValues returns the Loki chart values. bucket is used in SimpleScalable mode (chunks, ruler
// and compactor state in S3, reached with Loki's Pod Identity role); SingleBinary keeps everything
// on the pod's volume.
func lokiValues(a ObservabilityArgs, bucket string) obj {
	scalable := a.LokiMode == LokiSimpleScalable
	retention := fmt.Sprintf("%dh", a.LokiRetentionDays*24)
	storage := obj{"type": "filesystem"}
	deleteStore := "filesystem"
	replication := 1
	if scalable {
		storage = obj{
			"type":        "s3",
			"bucketNames": obj{"chunks": bucket, "ruler": bucket, "admin": bucket},
			// No keys: the SDK takes the Pod Identity credentials the pod is given. The region
			// is explicit (pods cannot reach the node's instance metadata). The bucket's default
			// encryption (SSE-KMS) encrypts every object Loki writes.
			"s3": obj{"region": a.Region},
		}
		deleteStore = "s3"
		// Each stream is written to three ingesters (write pods) so one can restart without loss.
		replication = 3
	}
	serviceAccount := obj{"create": true, "name": lokiServiceAccount}
	v := obj{
		"fullnameOverride": "loki",
		"deploymentMode":   string(a.LokiMode),
		"serviceAccount":   serviceAccount,
		"loki": obj{
			// One tenant: the platform. Multi-tenancy would need an auth proxy in front.
			"auth_enabled": false,
			"commonConfig": obj{"replication_factor": replication},
			"storage":      storage,
			"schemaConfig": obj{"configs": []any{obj{
				"from": "2024-04-01", "store": "tsdb", "object_store": storage["type"],
				"schema": "v13", "index": obj{"prefix": "loki_index_", "period": "24h"},
			}}},
			"limits_config": obj{
				"retention_period": retention,
				// Needed by OTLP ingestion: resource attributes not promoted to labels land here.
				"allow_structured_metadata": true,
			},
			"compactor": obj{
				"retention_enabled":    true,
				"delete_request_store": deleteStore,
			},
			// Every Loki pod (single binary, read, write, backend). The chart's defaults lack seccomp.
			"podSecurityContext":       restrictedPod(uidLoki, uidLoki),
			"containerSecurityContext": restrictedContainer(true),
		},
		// Canary and Helm test pods are for chart development; the stack's own rules watch Loki.
		"lokiCanary": obj{"enabled": false},
		"test":       obj{"enabled": false},
		"minio":      obj{"enabled": false},
		"gateway": obj{
			"enabled": true, "replicas": 1, "resources": sizeLokiGateway.values(),
			"podSecurityContext":       restrictedPod(uidNginx, uidNginx),
			"containerSecurityContext": restrictedContainer(true),
		},
		// The rules sidecar runs in the backend (or single binary) pod.
		"sidecar":    obj{"resources": sizeLokiSidecar.values(), "securityContext": restrictedContainer(true)},
		"monitoring": obj{"serviceMonitor": obj{"enabled": false}},
		// The chunks and results caches' pods (scalable mode): memcached keeps everything in memory.
		"memcached":         obj{"podSecurityContext": restrictedPod(uidMemcached, uidMemcached), "containerSecurityContext": restrictedContainer(true)},
		"memcachedExporter": obj{"containerSecurityContext": restrictedContainer(true)},
	}
	if scalable {
		v["singleBinary"] = obj{"replicas": 0}
		// Every push and query passes the gateway: one pod would make it the single point of failure.
		v["gateway"].(obj)["replicas"] = 2
		v["write"] = obj{"replicas": 3, "resources": sizeLokiWrite.values(), "persistence": obj{"size": "10Gi", "storageClass": storageClass}}
		v["read"] = obj{"replicas": 2, "resources": sizeLokiRead.values()}
		v["backend"] = obj{"replicas": 2, "resources": sizeLokiBackend.values(), "persistence": obj{"size": "10Gi", "storageClass": storageClass}}
		cache := obj{"enabled": true, "allocatedMemory": memcachedAllocatedMB, "resources": sizeMemcached.values()}
		v["chunksCache"] = cache
		v["resultsCache"] = obj{"enabled": true, "allocatedMemory": memcachedAllocatedMB, "resources": sizeMemcached.values()}
		v["memcachedExporter"].(obj)["resources"] = sizeMemcachedExport.values()
		// Only the S3 mode calls AWS: its pods roll when their credentials' source changes.
		v["loki"].(obj)["podAnnotations"] = helmvalues.CredentialsAnnotations()
	} else {
		v["singleBinary"] = obj{"replicas": 1, "resources": sizeLokiSingle.values(), "persistence": obj{"size": "10Gi", "storageClass": storageClass}}
		v["write"] = obj{"replicas": 0}
		v["read"] = obj{"replicas": 0}
		v["backend"] = obj{"replicas": 0}
		// One pod needs no cache tier in front of it.
		v["chunksCache"] = obj{"enabled": false}
		v["resultsCache"] = obj{"enabled": false}
	}
	return v
}
