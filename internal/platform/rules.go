package platform

import (
	"github.com/ip-platform/infra/components/apitests"
	"github.com/ip-platform/infra/components/mesh"
	"github.com/ip-platform/infra/components/observability"
	"github.com/ip-platform/infra/internal/config"
	"github.com/ip-platform/infra/internal/promrules"
)

// RuleFiles are the groups and promtool cases of every PrometheusRule the program creates for
// cfg, by object name. `go run ./cmd/plan --rules DIR` pairs them with the plan's PrometheusRule
// objects, so a rule the program creates without cases here fails the export.
func RuleFiles(cfg *config.Config) []promrules.File {
	files := observability.RuleFiles(observabilityTargets(cfg.Services))
	if cfg.Mesh.Enabled() {
		// The mesh's telemetry alerts on the ingress gateway's 5xx ratio (buildMeshWorkloads).
		files = append(files, mesh.EdgeRuleFile())
	}
	if cfg.LoadTest.Enabled || cfg.SecurityScan.Enabled {
		// The tests' alerts on their Jobs (buildAPITests).
		files = append(files, apitests.RuleFile(apitests.DefaultNamespace))
	}
	return files
}
