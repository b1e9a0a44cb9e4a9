package observability

import "fmt"

// jaegerBadgerClaim is the PersistentVolumeClaim badger stores spans on; the chart mounts an
// existing claim only.
const jaegerBadgerClaim = "jaeger-badger"

// jaegerValues returns the Jaeger chart values: the all-in-one pod (collector, query and storage in
// one process) with OTLP ingest, in memory or on badger. Without Elasticsearch or Cassandra there
// is no shared backend to scale out on, so it is one pod; the collector gateway retries and
// buffers while it restarts.
func jaegerValues(a ObservabilityArgs) obj {
	allInOne := obj{
		"enabled": true,
		// The badger volume is written through fsGroup. A read-only root is not set: restricted
		// does not require it and the all-in-one image's own writes are not documented.
		"podSecurityContext": restrictedPod(uidJaeger, uidJaeger),
		"securityContext":    restrictedContainer(false),
	}
	storage := obj{"type": string(a.TraceStorage)}
	if a.TraceStorage == TraceStorageBadger {
		allInOne["resources"] = sizeJaegerBadger.values()
		allInOne["extraEnv"] = []any{
			obj{"name": "BADGER_SPAN_STORE_TTL", "value": fmt.Sprintf("%dh", a.TraceRetentionDays*24)},
		}
		storage["badger"] = obj{
			"ephemeral":   false,
			"persistence": obj{"useExistingPvcName": jaegerBadgerClaim, "mountPath": "/mnt/data"},
		}
	} else {
		allInOne["resources"] = sizeJaegerMemory.values()
		// Bound memory: the oldest traces go first, well before the container limit.
		allInOne["extraEnv"] = []any{obj{"name": "MEMORY_MAX_TRACES", "value": "50000"}}
		storage["badger"] = obj{"ephemeral": true}
	}
	return obj{
		"fullnameOverride":   "jaeger",
		"provisionDataStore": obj{"cassandra": false, "elasticsearch": false, "kafka": false},
		"storage":            storage,
		"allInOne":           allInOne,
		"agent":              obj{"enabled": false},
		"collector": obj{
			"enabled": false,
			// The all-in-one Service takes its OTLP ports from here.
			"service": obj{"otlp": obj{
				"grpc": obj{"name": "otlp-grpc", "port": 4317},
				"http": obj{"name": "otlp-http", "port": 4318},
			}},
		},
		"query": obj{"enabled": false, "service": obj{"port": 16686}},
	}
}
