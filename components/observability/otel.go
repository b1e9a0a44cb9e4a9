package observability

// collectorPorts disables the chart's default Jaeger and Zipkin receivers' ports and opens OTLP and
// the Prometheus exporter.
func collectorPorts(otlp bool) obj {
	return obj{
		"otlp":           obj{"enabled": otlp, "containerPort": 4317, "servicePort": 4317, "protocol": "TCP"},
		"otlp-http":      obj{"enabled": otlp, "containerPort": 4318, "servicePort": 4318, "protocol": "TCP"},
		"jaeger-compact": obj{"enabled": false},
		"jaeger-thrift":  obj{"enabled": false},
		"jaeger-grpc":    obj{"enabled": false},
		"zipkin":         obj{"enabled": false},
		"metrics":        obj{"enabled": true, "containerPort": 8888, "servicePort": 8888, "protocol": "TCP"},
		"prom-exporter":  obj{"enabled": otlp, "containerPort": 8889, "servicePort": 8889, "protocol": "TCP"},
	}
}

// unusedDefaults removes the receivers the chart's default config enables and we do not serve.
func unusedDefaults() obj {
	return obj{"jaeger": nil, "zipkin": nil, "prometheus": nil}
}

// gatewayValues returns the values of the OTLP gateway: receives OTLP from the services, sends
// traces to Jaeger and exposes metrics for Prometheus (scraped by both replicas, so a second
// Prometheus sees the same data, which remote write to one of them would not give).
func gatewayValues(a ObservabilityArgs) obj {
	replicas := 1
	if a.PrometheusReplicas > 1 {
		replicas = 2 // production: losing the gateway loses every service's telemetry
	}
	receivers := unusedDefaults()
	receivers["otlp"] = obj{"protocols": obj{
		"grpc": obj{"endpoint": "${env:MY_POD_IP}:4317"},
		"http": obj{"endpoint": "${env:MY_POD_IP}:4318"},
	}}
	v := obj{
		"nameOverride":     CollectorName,
		"fullnameOverride": CollectorName,
		"mode":             "deployment",
		"replicaCount":     replicas,
		"image":            obj{"repository": "otel/opentelemetry-collector-contrib"},
		"resources":        sizeCollector.values(),
		// The chart sets no securityContext. The collector writes nothing outside memory, and in
		// deployment mode the chart renders no hostPort (only agents get them).
		"podSecurityContext": restrictedPod(uidCollector, uidCollector),
		"securityContext":    restrictedContainer(true),
		"ports":              collectorPorts(true),
		"config": obj{
			"receivers": receivers,
			"processors": obj{
				"memory_limiter": obj{"check_interval": "1s", "limit_percentage": 80, "spike_limit_percentage": 25},
				"batch":          obj{},
			},
			"exporters": obj{
				"otlp/jaeger": obj{"endpoint": jaegerOtlp, "tls": obj{"insecure": true}},
				"prometheus": obj{
					"endpoint":                         "${env:MY_POD_IP}:8889",
					"resource_to_telemetry_conversion": obj{"enabled": true},
				},
			},
			"service": obj{"pipelines": obj{
				"traces":  obj{"receivers": []any{"otlp"}, "processors": []any{"memory_limiter", "batch"}, "exporters": []any{"otlp/jaeger"}},
				"metrics": obj{"receivers": []any{"otlp"}, "processors": []any{"memory_limiter", "batch"}, "exporters": []any{"prometheus"}},
				"logs":    nil,
			}},
		},
	}
	if replicas > 1 {
		v["podDisruptionBudget"] = obj{"enabled": true, "minAvailable": 1}
	}
	return v
}

// logAgentValues returns the values of the log shipper: an OpenTelemetry Collector DaemonSet
// whose logsCollection preset tails /var/log/pods on every node, with Kubernetes metadata added,
// and pushes the records to Loki's OTLP endpoint. Its hostPath volumes keep it out of any Pod
// Security level but privileged: it runs in AgentsNamespace.
func logAgentValues() obj {
	return obj{
		"nameOverride":     "otel-logs",
		"fullnameOverride": "otel-logs",
		"mode":             "daemonset",
		"image":            obj{"repository": "otel/opentelemetry-collector-contrib"},
		"resources":        sizeLogAgent.values(),
		"presets": obj{
			"logsCollection":       obj{"enabled": true, "includeCollectorLogs": false},
			"kubernetesAttributes": obj{"enabled": true},
		},
		"ports":       collectorPorts(false),
		"service":     obj{"enabled": false},
		"tolerations": []any{obj{"operator": "Exists"}}, // every node's logs, tainted pools included
		"config": obj{
			"receivers": func() obj { r := unusedDefaults(); r["otlp"] = nil; return r }(),
			"exporters": obj{"otlphttp/loki": obj{"endpoint": lokiURL + "/otlp"}},
			"service": obj{"pipelines": obj{
				// The presets add the filelog receiver and the k8sattributes processor to this pipeline.
				"logs":    obj{"receivers": []any{}, "processors": []any{"memory_limiter", "batch"}, "exporters": []any{"otlphttp/loki"}},
				"traces":  nil,
				"metrics": nil,
			}},
		},
	}
}
