package observability

// Severities the rules set; Alertmanager routes on them.
const (
	severityCritical = "critical"
	severityWarning  = "warning"
	severityInfo     = "info"
)

// Receiver names.
const (
	receiverNull    = "null"
	receiverWebhook = "webhook"
)

// alertmanagerConfig routes alerts by severity. With a webhook: critical alerts go out within
// seconds and repeat hourly, warnings are batched and repeat every four hours, info stays in
// Alertmanager. Without one every route ends at the "null" receiver, so a stack without a
// receiver still deploys and its alerts are visible in Alertmanager and Grafana.
func alertmanagerConfig(hasWebhook bool) obj {
	target := receiverNull
	receivers := []any{obj{"name": receiverNull}}
	if hasWebhook {
		target = receiverWebhook
		receivers = append(receivers, obj{
			"name": receiverWebhook,
			"webhook_configs": []any{obj{
				// The URL is read from the mounted Secret, never written into this config.
				"url_file":      "/etc/alertmanager/secrets/" + webhookSecret + "/" + webhookKey,
				"send_resolved": true,
			}},
		})
	}
	return obj{
		"route": obj{
			"receiver":        receiverNull,
			"group_by":        []any{"alertname", "namespace", "service"},
			"group_wait":      "30s",
			"group_interval":  "5m",
			"repeat_interval": "12h",
			"routes": []any{
				// The always-firing heartbeat of kube-prometheus-stack: proves the pipeline, pages nobody.
				obj{"receiver": receiverNull, "matchers": []any{`alertname = "Watchdog"`}},
				obj{"receiver": target, "matchers": []any{`severity = "` + severityCritical + `"`}, "group_wait": "10s", "repeat_interval": "1h"},
				obj{"receiver": target, "matchers": []any{`severity = "` + severityWarning + `"`}, "repeat_interval": "4h"},
				obj{"receiver": receiverNull, "matchers": []any{`severity = "` + severityInfo + `"`}},
			},
		},
		// A critical alert mutes the warning of the same name and place (5xx ratio critical
		// silences the same ratio's warning).
		"inhibit_rules": []any{obj{
			"source_matchers": []any{`severity = "` + severityCritical + `"`},
			"target_matchers": []any{`severity = "` + severityWarning + `"`},
			"equal":           []any{"alertname", "namespace"},
		}},
		"receivers": receivers,
	}
}
