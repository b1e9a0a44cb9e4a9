package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// Parameter is one PostgreSQL parameter of the parameter group.
type Parameter struct {
	Name  string
	Value string
	// Static parameters take effect only after a reboot, which RDS then waits for.
	Static bool
}

// parameters are the settings the platform fixes on every PostgreSQL instance.
func parameters() []Parameter {
	return []Parameter{
		// Refuse unencrypted connections: traffic crosses zones inside the VPC, and the services'
		// drivers verify the RDS CA.
		{Name: "rds.force_ssl", Value: "1"},
		// Log statements slower than one second: enough to find slow queries without logging the
		// normal load.
		{Name: "log_min_duration_statement", Value: "1000"},
		{Name: "log_connections", Value: "1"},
		{Name: "log_disconnections", Value: "1"},
		{Name: "log_lock_waits", Value: "1"},
		// Temporary files above 10 MB mean work_mem is too small for a query.
		{Name: "log_temp_files", Value: "10240"},
		{Name: "log_autovacuum_min_duration", Value: "10000"},
		// Per-statement statistics for Performance Insights' top SQL and for tuning.
		{Name: "shared_preload_libraries", Value: "pg_stat_statements", Static: true},
	}
}

// family is the parameter group family of an engine version ("17.7" -> "postgres17").
func family(engineVersion string) string { return "postgres" + majorVersion(engineVersion) }

// newParameterGroup is named after the family, so a major upgrade creates the new group before the
// instance moves to it and the old one is deleted after.
func newParameterGroup(ctx *pulumi.Context, name string, a PostgresArgs, parent pulumi.ResourceOption) (*rds.ParameterGroup, error) {
	groupName := a.Identifier + "-" + family(a.EngineVersion)
	var params rds.ParameterGroupParameterArray
	for _, p := range parameters() {
		method := "immediate"
		if p.Static {
			method = "pending-reboot"
		}
		params = append(params, rds.ParameterGroupParameterArgs{
			Name: pulumi.String(p.Name), Value: pulumi.String(p.Value), ApplyMethod: pulumi.String(method),
		})
	}
	group, err := rds.NewParameterGroup(ctx, name, &rds.ParameterGroupArgs{
		Name:        pulumi.String(groupName),
		Family:      pulumi.String(family(a.EngineVersion)),
		Description: pulumi.String("PostgreSQL " + a.Identifier + ": TLS only, slow statement and connection logging"),
		Parameters:  params,
		Tags:        tags.Name(groupName),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("parameter group: %w", err)
	}
	return group, nil
}
