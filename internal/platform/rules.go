package platform

import (
	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/promrules"
)

// RuleFiles are the groups and promtool cases of every PrometheusRule the program creates for
// cfg, by object name. `go run ./cmd/plan --rules DIR` pairs them with the plan's PrometheusRule
// objects, so a rule the program creates without cases here fails the export.
func RuleFiles(cfg *config.Config) []promrules.File {
	return observability.RuleFiles(observabilityTargets(cfg.Services))
}
