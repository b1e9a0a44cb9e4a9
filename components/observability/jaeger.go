package observability

// jaegerBadgerClaim is the PersistentVolumeClaim badger stores spans on (cluster.go creates it);
// the chart has no volume of its own, so the values mount it through jaeger.extraVolumes.
const jaegerBadgerClaim = "jaeger-badger"

// jaegerName is the release's fullnameOverride: the chart's one Service, Deployment and
// ServiceAccount are all named after it, so the Service is jaeger.<Namespace> (jaegerOtlp,
// jaegerQuery).
const jaegerName = "jaeger"

// jaegerValues returns the Jaeger chart values: the v2 single binary (collector, query and storage
// in one process) with OTLP ingest, in memory or on badger. Without Elasticsearch or Cassandra
// there is no shared backend to scale out on, so it is one pod; the collector gateway retries and
// buffers while it restarts.
func jaegerValues(a ObservabilityArgs) obj {
	jaeger := obj{
		// badger is a single-writer store on a ReadWriteOnce volume: one replica, and Recreate so
		// an update never starts a second pod against the same files (the 4.11.1 chart's default
		// too, stated so a chart change cannot turn it into a rolling update).
		"replicas": 1,
		"strategy": obj{"type": "Recreate"},
		// The badger volume is written through fsGroup. A read-only root is not set: restricted
		// does not require it and the image's own writes are not documented.
		"podSecurityContext": restrictedPod(uidJaeger, uidJaeger),
		"securityContext":    restrictedContainer(false),
	}
	if a.TraceStorage == TraceStorageBadger {
		jaeger["resources"] = sizeJaegerBadger.values()
		jaeger["extraVolumes"] = []any{
			obj{"name": "badger-data", "persistentVolumeClaim": obj{"claimName": jaegerBadgerClaim}},
		}
		jaeger["extraVolumeMounts"] = []any{obj{"name": "badger-data", "mountPath": jaegerBadgerMount}}
	} else {
		jaeger["resources"] = sizeJaegerMemory.values()
	}
	return obj{
		"fullnameOverride": jaegerName,
		"jaeger":           jaeger,
		"userconfig":       newJaegerConfig(a).values(),
	}
}
