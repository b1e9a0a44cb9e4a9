package config

import (
	"net/url"
	"strings"

	"github.com/ip-platform/infra/internal/stackfile"
)

// Observability holds the sizing of the monitoring stack (components/observability) and where
// alerts go.
type Observability struct {
	// PrometheusReplicas is the number of Prometheus pods; each scrapes everything, so two survive
	// the loss of one without a gap.
	PrometheusReplicas      int
	PrometheusRetentionDays int
	PrometheusStorageGiB    int
	AlertmanagerReplicas    int
	// LokiMode is LokiSingleBinary or LokiSimpleScalable.
	LokiMode          string
	LokiRetentionDays int
	// TraceStorage is TraceStorageMemory or TraceStorageBadger.
	TraceStorage       string
	TraceRetentionDays int
	TraceStorageGiB    int
	// AlertWebhookURL is the HTTPS receiver of alerts, from the secret key alertWebhookUrl; empty
	// means alerts are evaluated and shown but sent nowhere. Never log it.
	AlertWebhookURL string
}

// Loki deployment modes (the chart's deploymentMode, in config spelling).
const (
	LokiSingleBinary   = "singleBinary"
	LokiSimpleScalable = "simpleScalable"
)

// Trace storage backends of Jaeger.
const (
	TraceStorageMemory = "memory" // lost on restart: dev only
	TraceStorageBadger = "badger" // embedded key-value store on a persistent volume
)

// AlertWebhookKey is the secret config key of the alert receiver, without the namespace.
const AlertWebhookKey = "alertWebhookUrl"

// Bounds of the observability settings.
const (
	maxPrometheusReplicas   = 3
	maxPrometheusRetention  = 365
	minPrometheusStorageGiB = 10
	maxAlertmanagerReplicas = 5
	maxLokiRetentionDays    = 365
	// Loki's compactor deletes in whole index periods of 24h: shorter retention is refused.
	minLokiRetentionDays = 1
	maxTraceRetention    = 90
	minTraceStorageGiB   = 5
	maxStorageGiBPerPV   = 16384 // gp3 volume limit
)

// observabilityProfile returns the environment's observability defaults: dev is small and
// forgetful, staging keeps two weeks on persistent storage, prod is redundant and keeps a month.
func observabilityProfile(env Environment) Observability {
	switch env {
	case Prod:
		return Observability{
			PrometheusReplicas: 2, PrometheusRetentionDays: 30, PrometheusStorageGiB: 100,
			AlertmanagerReplicas: 2,
			LokiMode:             LokiSimpleScalable, LokiRetentionDays: 30,
			TraceStorage: TraceStorageBadger, TraceRetentionDays: 7, TraceStorageGiB: 50,
		}
	case Staging:
		return Observability{
			PrometheusReplicas: 1, PrometheusRetentionDays: 15, PrometheusStorageGiB: 50,
			AlertmanagerReplicas: 1,
			LokiMode:             LokiSimpleScalable, LokiRetentionDays: 14,
			TraceStorage: TraceStorageBadger, TraceRetentionDays: 3, TraceStorageGiB: 20,
		}
	default:
		return Observability{
			PrometheusReplicas: 1, PrometheusRetentionDays: 7, PrometheusStorageGiB: 20,
			AlertmanagerReplicas: 1,
			LokiMode:             LokiSingleBinary, LokiRetentionDays: 7,
			TraceStorage: TraceStorageMemory, TraceRetentionDays: 1, TraceStorageGiB: minTraceStorageGiB,
		}
	}
}

// parseObservability reads the observability object over the environment's profile, and the
// alert webhook from its own top-level key: a secret nested inside an object cannot be set with
// `pulumi config set --secret` on its own, so it lives apart.
func parseObservability(p *problems, values map[string]string, env Environment) Observability {
	o := observabilityProfile(env)
	if obj := structured(p, values, "observability"); obj != nil {
		obj.int("prometheusReplicas", &o.PrometheusReplicas)
		obj.int("prometheusRetentionDays", &o.PrometheusRetentionDays)
		obj.int("prometheusStorageGiB", &o.PrometheusStorageGiB)
		obj.int("alertmanagerReplicas", &o.AlertmanagerReplicas)
		obj.string("lokiMode", &o.LokiMode)
		obj.int("lokiRetentionDays", &o.LokiRetentionDays)
		obj.string("traceStorage", &o.TraceStorage)
		obj.int("traceRetentionDays", &o.TraceRetentionDays)
		obj.int("traceStorageGiB", &o.TraceStorageGiB)
		obj.done()
	}
	if raw, ok := lookup(values, AlertWebhookKey); ok {
		o.AlertWebhookURL = raw
	}
	return o
}

// validateObservability checks the observability settings against their limits and the
// environment's floor.
func validateObservability(p *problems, c *Config) {
	o := c.Observability
	field := func(name string) string { return key("observability." + name) }
	between := func(name string, v, lo, hi int, why string) {
		if v < lo || v > hi {
			p.add(field(name), "must be from %d to %d%s, got %d", lo, hi, why, v)
		}
	}
	between("prometheusReplicas", o.PrometheusReplicas, 1, maxPrometheusReplicas, " (each replica scrapes every target)")
	between("prometheusRetentionDays", o.PrometheusRetentionDays, 1, maxPrometheusRetention, "")
	between("prometheusStorageGiB", o.PrometheusStorageGiB, minPrometheusStorageGiB, maxStorageGiBPerPV, "")
	between("alertmanagerReplicas", o.AlertmanagerReplicas, 1, maxAlertmanagerReplicas, "")
	between("lokiRetentionDays", o.LokiRetentionDays, minLokiRetentionDays, maxLokiRetentionDays, "")
	between("traceRetentionDays", o.TraceRetentionDays, 1, maxTraceRetention, "")
	between("traceStorageGiB", o.TraceStorageGiB, minTraceStorageGiB, maxStorageGiBPerPV, "")

	switch o.LokiMode {
	case LokiSingleBinary:
		if c.Environment == Prod {
			p.add(field("lokiMode"), "must be %s in prod (one Loki pod is a single point of failure for every log), got %q", LokiSimpleScalable, o.LokiMode)
		}
	case LokiSimpleScalable:
	default:
		p.add(field("lokiMode"), "must be one of %s, %s, got %q", LokiSingleBinary, LokiSimpleScalable, o.LokiMode)
	}
	switch o.TraceStorage {
	case TraceStorageMemory:
		if c.Environment != Dev {
			p.add(field("traceStorage"), "must be %s in %s (in-memory traces are lost whenever Jaeger restarts), got %q", TraceStorageBadger, c.Environment, o.TraceStorage)
		}
	case TraceStorageBadger:
	default:
		p.add(field("traceStorage"), "must be one of %s, %s, got %q", TraceStorageMemory, TraceStorageBadger, o.TraceStorage)
	}
	if c.Environment == Prod {
		if o.PrometheusReplicas < 2 {
			p.add(field("prometheusReplicas"), "must be at least 2 in prod (a single Prometheus leaves no metrics and no alerts while it restarts), got %d", o.PrometheusReplicas)
		}
		if o.AlertmanagerReplicas < 2 {
			p.add(field("alertmanagerReplicas"), "must be at least 2 in prod (alerts must survive the loss of a pod), got %d", o.AlertmanagerReplicas)
		}
	}
	validateAlertWebhook(p, o.AlertWebhookURL)
}

// validateAlertWebhook accepts an unset key, the offline plan's placeholder for an encrypted
// value, or an https URL. The message never repeats the value: it is meant to be a secret.
func validateAlertWebhook(p *problems, raw string) {
	if raw == "" || raw == stackfile.SecretPlaceholder {
		return
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.Host == "" || strings.ContainsAny(raw, " \t\n") {
		p.add(key(AlertWebhookKey), "must be an https URL (set it with: pulumi config set --secret %s https://...); the value is not shown because it is a secret", AlertWebhookKey)
	}
}

// observabilityKeys documents the observability keys.
func observabilityKeys() []Key {
	return []Key{
		{Name: "observability", Type: "object", ProjectDefault: map[string]any{}, Default: "environment profile",
			Description: "Sizing of Prometheus, Alertmanager, Loki and Jaeger (fields below). dev is single-replica with in-memory traces; prod runs two Prometheus and Alertmanager replicas and Loki in simple scalable mode."},
		{Name: "observability.prometheusReplicas", Type: "integer", Default: "dev, staging: 1; prod: 2",
			Description: "Prometheus pods, 1 to 3, each scraping every target; prod needs at least 2."},
		{Name: "observability.prometheusRetentionDays", Type: "integer", Default: "dev: 7; staging: 15; prod: 30",
			Description: "Days of metrics Prometheus keeps, 1 to 365."},
		{Name: "observability.prometheusStorageGiB", Type: "integer", Default: "dev: 20; staging: 50; prod: 100",
			Description: "Persistent volume of each Prometheus pod (encrypted gp3), 10 to 16384; retention also stops at 90% of it."},
		{Name: "observability.alertmanagerReplicas", Type: "integer", Default: "dev, staging: 1; prod: 2",
			Description: "Alertmanager pods, 1 to 5, clustered so each alert is sent once; prod needs at least 2."},
		{Name: "observability.lokiMode", Type: "string", Default: "dev: singleBinary; staging, prod: simpleScalable",
			Description: "singleBinary (one pod, filesystem) or simpleScalable (read, write and backend pods, chunks in a KMS-encrypted S3 bucket through Pod Identity). prod must use simpleScalable."},
		{Name: "observability.lokiRetentionDays", Type: "integer", Default: "dev: 7; staging: 14; prod: 30",
			Description: "Days of logs Loki keeps (the compactor deletes older chunks), 1 to 365."},
		{Name: "observability.traceStorage", Type: "string", Default: "dev: memory; staging, prod: badger",
			Description: "Jaeger span storage: memory (lost on restart, dev only) or badger (embedded store on a persistent volume)."},
		{Name: "observability.traceRetentionDays", Type: "integer", Default: "dev: 1; staging: 3; prod: 7",
			Description: "Days of traces Jaeger keeps with badger storage, 1 to 90."},
		{Name: "observability.traceStorageGiB", Type: "integer", Default: "dev: 5; staging: 20; prod: 50",
			Description: "Persistent volume of Jaeger's badger store, 5 to 16384."},
		{Name: AlertWebhookKey, Type: "string", ProjectDefault: "", Default: "unset: alerts go to a null receiver",
			Description: "HTTPS webhook that receives Alertmanager notifications and the data tier's CloudWatch alarms (SNS). A secret: set it with pulumi config set --secret alertWebhookUrl https://..., never in plain text."},
	}
}
