package observability

import (
	"encoding/json"
	"fmt"
)

// Jaeger v2 is an OpenTelemetry Collector build: its whole configuration is a collector
// configuration (receivers, processors, exporters, service pipelines) plus Jaeger's extensions,
// jaeger_storage (the backends), jaeger_query (UI and API) and healthcheckv2. The chart takes it
// as `userconfig`, which replaces the image's built-in configuration completely, so every listener
// the Service and the probes rely on is stated here.
//
// Sources (read 2026-12-02): the 4.11.1 chart's values.yaml (its commented `userconfig` example:
// the extensions list, healthcheckv2 on 0.0.0.0:13133, metrics on 0.0.0.0:8888, the OTLP receiver
// on 0.0.0.0:4317/4318) and templates/jaeger/jaeger-deploy.yaml (probes GET /status on 13133);
// jaegertracing/jaeger cmd/jaeger/config-badger.yaml (badger.directories.keys/values, ephemeral);
// jaegertracing/jaeger internal/storage/v1/badger/config.go (ttl.spans, default 72h);
// https://www.jaegertracing.io/docs/2.20/storage/memory/ (last modified 2026-07-20:
// memory.max_traces, unbounded by default); jaegertracing/jaeger cmd/jaeger/internal/all-in-one.yaml
// (every listener defaults to localhost unless configured, which a Service cannot reach).

// Ports Jaeger listens on: the chart's Service maps each of them by number.
const (
	jaegerOtlpGrpcPort  = 4317
	jaegerOtlpHTTPPort  = 4318
	jaegerQueryPort     = 16686
	jaegerQueryGrpcPort = 16685
	jaegerHealthPort    = 13133
	jaegerMetricsPort   = 8888
)

// jaegerStore is the one storage backend's name in jaeger_storage; the exporter writes to it and
// the query extension reads from it.
const jaegerStore = "primary_store"

// jaegerMemoryMaxTraces bounds in-memory storage: the oldest traces go first, well before the
// container's memory limit (sizeJaegerMemory).
const jaegerMemoryMaxTraces = 50000

// Where badger keeps its files on the jaeger-badger volume: the paths the 3.3.1 chart gave Jaeger
// v1 (mountPath /mnt/data, BADGER_DIRECTORY_KEY .../badger/key, BADGER_DIRECTORY_VALUE
// .../badger/data), so the traces already on the volume stay readable after the upgrade (v2
// embeds the same badger span store).
const (
	jaegerBadgerMount     = "/mnt/data"
	jaegerBadgerKeysDir   = jaegerBadgerMount + "/badger/key"
	jaegerBadgerValuesDir = jaegerBadgerMount + "/badger/data"
)

// jaegerConfig is Jaeger v2's configuration document.
type jaegerConfig struct {
	Service    jaegerServiceConfig `json:"service"`
	Extensions jaegerExtensions    `json:"extensions"`
	Receivers  jaegerReceivers     `json:"receivers"`
	Processors jaegerProcessors    `json:"processors"`
	Exporters  jaegerExporters     `json:"exporters"`
}

type jaegerServiceConfig struct {
	Extensions []string        `json:"extensions"`
	Pipelines  jaegerPipelines `json:"pipelines"`
	Telemetry  jaegerTelemetry `json:"telemetry"`
}

type jaegerPipelines struct {
	Traces jaegerPipeline `json:"traces"`
}

type jaegerPipeline struct {
	Receivers  []string `json:"receivers"`
	Processors []string `json:"processors"`
	Exporters  []string `json:"exporters"`
}

type jaegerTelemetry struct {
	Resource map[string]string    `json:"resource"`
	Metrics  jaegerMetricsReaders `json:"metrics"`
}

type jaegerMetricsReaders struct {
	Readers []jaegerMetricsReader `json:"readers"`
}

type jaegerMetricsReader struct {
	Pull struct {
		Exporter struct {
			Prometheus jaegerHostPort `json:"prometheus"`
		} `json:"exporter"`
	} `json:"pull"`
}

type jaegerHostPort struct {
	Host string `json:"host"`
	Port int    `json:"port"`
}

type jaegerExtensions struct {
	Storage     jaegerStorageExtension `json:"jaeger_storage"`
	Query       jaegerQueryExtension   `json:"jaeger_query"`
	HealthCheck jaegerHealthCheck      `json:"healthcheckv2"`
}

type jaegerStorageExtension struct {
	Backends map[string]jaegerBackend `json:"backends"`
}

// jaegerBackend is one backend: exactly one of its fields is set.
type jaegerBackend struct {
	Memory *jaegerMemory `json:"memory,omitempty"`
	Badger *jaegerBadger `json:"badger,omitempty"`
}

type jaegerMemory struct {
	MaxTraces int `json:"max_traces"`
}

type jaegerBadger struct {
	Directories struct {
		Keys   string `json:"keys"`
		Values string `json:"values"`
	} `json:"directories"`
	Ephemeral bool `json:"ephemeral"`
	TTL       struct {
		Spans string `json:"spans"`
	} `json:"ttl"`
}

type jaegerQueryExtension struct {
	Storage struct {
		Traces string `json:"traces"`
	} `json:"storage"`
	HTTP jaegerEndpoint `json:"http"`
	GRPC jaegerEndpoint `json:"grpc"`
}

type jaegerEndpoint struct {
	Endpoint string `json:"endpoint"`
}

type jaegerHealthCheck struct {
	UseV2 bool           `json:"use_v2"`
	HTTP  jaegerEndpoint `json:"http"`
}

type jaegerReceivers struct {
	OTLP struct {
		Protocols struct {
			GRPC jaegerEndpoint `json:"grpc"`
			HTTP jaegerEndpoint `json:"http"`
		} `json:"protocols"`
	} `json:"otlp"`
}

type jaegerProcessors struct {
	Batch struct{} `json:"batch"`
}

type jaegerExporters struct {
	StorageExporter struct {
		TraceStorage string `json:"trace_storage"`
	} `json:"jaeger_storage_exporter"`
}

// anyHost is a listener on every interface of the pod.
func anyHost(port int) jaegerEndpoint {
	return jaegerEndpoint{Endpoint: fmt.Sprintf("0.0.0.0:%d", port)}
}

// newJaegerConfig builds the configuration for the stack's storage: OTLP in, batched into the one
// backend, which the query extension serves.
func newJaegerConfig(a ObservabilityArgs) jaegerConfig {
	var c jaegerConfig
	c.Service.Extensions = []string{"jaeger_storage", "jaeger_query", "healthcheckv2"}
	c.Service.Pipelines.Traces = jaegerPipeline{
		Receivers: []string{"otlp"}, Processors: []string{"batch"}, Exporters: []string{"jaeger_storage_exporter"},
	}
	c.Service.Telemetry.Resource = map[string]string{"service.name": "jaeger"}
	var reader jaegerMetricsReader
	reader.Pull.Exporter.Prometheus = jaegerHostPort{Host: "0.0.0.0", Port: jaegerMetricsPort}
	c.Service.Telemetry.Metrics.Readers = []jaegerMetricsReader{reader}

	c.Extensions.Storage.Backends = map[string]jaegerBackend{jaegerStore: jaegerBackendFor(a)}
	c.Extensions.Query.Storage.Traces = jaegerStore
	c.Extensions.Query.HTTP = anyHost(jaegerQueryPort)
	c.Extensions.Query.GRPC = anyHost(jaegerQueryGrpcPort)
	c.Extensions.HealthCheck = jaegerHealthCheck{UseV2: true, HTTP: anyHost(jaegerHealthPort)}

	c.Receivers.OTLP.Protocols.GRPC = anyHost(jaegerOtlpGrpcPort)
	c.Receivers.OTLP.Protocols.HTTP = anyHost(jaegerOtlpHTTPPort)
	c.Exporters.StorageExporter.TraceStorage = jaegerStore
	return c
}

// jaegerBackendFor is badger on the volume with the stack's retention, or bounded memory.
func jaegerBackendFor(a ObservabilityArgs) jaegerBackend {
	if a.TraceStorage != TraceStorageBadger {
		return jaegerBackend{Memory: &jaegerMemory{MaxTraces: jaegerMemoryMaxTraces}}
	}
	b := &jaegerBadger{Ephemeral: false}
	b.Directories.Keys, b.Directories.Values = jaegerBadgerKeysDir, jaegerBadgerValuesDir
	b.TTL.Spans = fmt.Sprintf("%dh", a.TraceRetentionDays*24)
	return jaegerBackend{Badger: b}
}

// values is the configuration in the plain form chart values take.
func (c jaegerConfig) values() obj {
	// Structs of strings, ints, bools and string maps always marshal, and what was just
	// marshalled always unmarshals: neither error can happen.
	b, _ := json.Marshal(c)
	var out obj
	_ = json.Unmarshal(b, &out)
	return out
}
