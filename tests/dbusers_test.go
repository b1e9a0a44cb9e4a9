package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/components/ipservice"
)

// Item 7 of issue 16: one database role per service, with rds-db:connect for that user alone on
// the service's own Pod Identity role, and no service reading the master secret.
func TestEachServiceConnectsToTheDatabaseAsItsOwnUser(t *testing.T) {
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			r := planStack(t, stack)
			cfg := stackConfig(t, stack)
			// The DbiResourceId the offline mocks give the instance (internal/offline/computed.go), and
			// the master secret's ARN, which the RDS-managed secret is named by.
			instanceResourceID := "db-" + strings.ToUpper(strings.ReplaceAll(cfg.ClusterName(), "-", ""))
			masterSecret := ":secret:rds!db-" + cfg.ClusterName()
			var jobURN string
			for _, res := range r.Resources {
				switch {
				case res.Type == "kubernetes:batch/v1:Job" && strings.HasPrefix(res.Input("metadata.name").(string), "db-users-"):
					require.Empty(t, jobURN, "one database users Job")
					jobURN = res.URN
					assert.Equal(t, "db-bootstrap", res.Input("metadata.namespace"))
				}
			}
			require.NotEmpty(t, jobURN, "the plan has the database users Job")

			sql := ""
			for _, res := range r.Resources {
				if res.Type == "kubernetes:core/v1:ConfigMap" && strings.HasPrefix(res.Input("metadata.name").(string), "db-users-sql-") {
					sql = res.Input("data").(map[string]any)["bootstrap.sql"].(string)
				}
			}
			for _, svc := range cfg.Services {
				user := ipservice.DatabaseUser(svc.Name)
				assert.Contains(t, sql, `CREATE ROLE "`+user+`" LOGIN;`, "the Job creates %s's role", svc.Name)
				assert.Contains(t, sql, `GRANT rds_iam TO "`+user+`";`)

				// The service's own role may connect as its user, as no other.
				var connects [][]string
				for _, res := range r.Resources {
					if res.Type != "aws:iam/rolePolicy:RolePolicy" || !strings.Contains(res.Input("policy").(string), "rds-db:connect") {
						continue
					}
					var doc struct {
						Statement []struct{ Action, Resource []string }
					}
					require.NoError(t, json.Unmarshal([]byte(res.Input("policy").(string)), &doc))
					for _, s := range doc.Statement {
						if len(s.Action) == 1 && s.Action[0] == "rds-db:connect" && res.Name == cfg.ClusterName()+"-"+svc.Name+"-pod-identity-inline" {
							connects = append(connects, s.Resource)
						}
					}
				}
				assert.Equal(t, [][]string{{"arn:aws:rds-db:" + cfg.Region + ":" + cfg.AccountID + ":dbuser:" + instanceResourceID + "/" + user}}, connects,
					"%s's Pod Identity role connects as %s only", svc.Name, user)

				for _, res := range r.Resources {
					if res.Type == "kubernetes:apps/v1:Deployment" && res.Input("metadata.namespace") == svc.Name {
						env := map[string]any{}
						for _, e := range res.Input("spec.template.spec.containers[0].env").([]any) {
							e := e.(map[string]any)
							env[e["name"].(string)] = e["value"]
						}
						assert.NotContains(t, env, "DB_PASSWORD", "%s holds no database password", res.Name)
						assert.Equal(t, user, env["DB_USERNAME"], "%s connects as its own user", res.Name)
						assert.Equal(t, "iam", env["DB_AUTH_MODE"])
						assert.Contains(t, res.DependsOn, jobURN, "%s waits for its database user", res.Name)
					}
				}
			}

			// The master secret: one ExternalSecret, in db-bootstrap; no other role reads it.
			var syncedIn []string
			for _, res := range r.Resources {
				raw, err := json.Marshal(res.Redacted())
				require.NoError(t, err)
				if !strings.Contains(string(raw), masterSecret) {
					continue
				}
				switch res.Type {
				case "kubernetes:external-secrets.io/v1:ExternalSecret":
					syncedIn = append(syncedIn, res.Input("metadata.namespace").(string))
				case "aws:iam/rolePolicy:RolePolicy":
					assert.Equal(t, cfg.ClusterName()+"-db-bootstrap-secrets-inline", res.Name, "only the bootstrap's role may read the master secret")
				}
			}
			assert.Equal(t, []string{"db-bootstrap"}, syncedIn, "the master secret is synced into the bootstrap's namespace only")
		})
	}
}
