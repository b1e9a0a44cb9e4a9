package dbusers

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSQLGivesEachUserItsRoleSchemaAndNothingElse(t *testing.T) {
	cases := []struct {
		name  string
		users []User
		want  []string
		not   []string
	}{
		{
			name:  "one service",
			users: []User{{Name: "trademark", ConnectionLimit: 200}},
			want: []string{
				`REVOKE ALL ON DATABASE "ipplatform" FROM PUBLIC;`,
				`REVOKE ALL ON SCHEMA public FROM PUBLIC;`,
				`IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'trademark') THEN`,
				`CREATE ROLE "trademark" LOGIN;`,
				`ALTER ROLE "trademark" CONNECTION LIMIT 200;`,
				`GRANT rds_iam TO "trademark";`,
				`CREATE SCHEMA IF NOT EXISTS "trademark" AUTHORIZATION "trademark";`,
				`REVOKE ALL ON SCHEMA "trademark" FROM PUBLIC;`,
				`GRANT CONNECT ON DATABASE "ipplatform" TO "trademark";`,
				`ALTER ROLE "trademark" IN DATABASE "ipplatform" SET search_path = "trademark";`,
			},
			// No password, no right beyond its own schema, and nothing that re-enables a role
			// an operator disabled.
			not: []string{"PASSWORD", "SUPERUSER", "CREATEDB", "CREATEROLE", "ALTER ROLE \"trademark\" LOGIN", "GRANT ALL", "DROP"},
		},
		{
			name:  "each service its own limit",
			users: []User{{Name: "trademark", ConnectionLimit: 200}, {Name: "copyright", ConnectionLimit: 80}},
			want:  []string{`ALTER ROLE "trademark" CONNECTION LIMIT 200;`, `ALTER ROLE "copyright" CONNECTION LIMIT 80;`, `CREATE SCHEMA IF NOT EXISTS "copyright" AUTHORIZATION "copyright";`},
		},
		{
			name:  "quotes are escaped",
			users: []User{{Name: `we"ird'`, ConnectionLimit: 1}},
			want:  []string{`CREATE ROLE "we""ird'" LOGIN;`, `WHERE rolname = 'we"ird'''`},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sql := SQL("ipplatform", tc.users)
			for _, w := range tc.want {
				assert.Contains(t, sql, w)
			}
			for _, n := range tc.not {
				assert.NotContains(t, strings.ToUpper(sql), strings.ToUpper(n))
			}
		})
	}
}

func TestSQLCreatesEveryRoleOnlyIfItIsMissing(t *testing.T) {
	sql := SQL("ipplatform", []User{{Name: "trademark", ConnectionLimit: 1}, {Name: "copyright", ConnectionLimit: 1}})
	assert.Equal(t, 2, strings.Count(sql, "CREATE ROLE"), "one role per user")
	assert.Equal(t, strings.Count(sql, "CREATE ROLE"), strings.Count(sql, "IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles"),
		"every CREATE ROLE must be guarded, or a second run fails")
	assert.Equal(t, strings.Count(sql, "CREATE SCHEMA"), strings.Count(sql, "CREATE SCHEMA IF NOT EXISTS"), "every CREATE SCHEMA must be guarded")
}

func TestRunHashFollowsTheSQLAndTheImage(t *testing.T) {
	sql := SQL("ipplatform", []User{{Name: "trademark", ConnectionLimit: 200}})
	base := runHash(sql, "postgres:17.6-alpine3.22")
	assert.Len(t, base, hashLength)
	assert.Equal(t, base, runHash(sql, "postgres:17.6-alpine3.22"), "the same run must keep its name, or every up re-runs the Job")
	assert.NotEqual(t, base, runHash(SQL("ipplatform", []User{{Name: "trademark", ConnectionLimit: 100}}), "postgres:17.6-alpine3.22"), "a changed SQL must re-run")
	assert.NotEqual(t, base, runHash(sql, "postgres:17.7-alpine3.22"), "a changed image must re-run")
}
