package dbusers

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/offline/offlinetest"
)

const (
	jobType          = "kubernetes:batch/v1:Job"
	testMasterSecret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-ip-prod-AbCdEf"
	testRole         = "arn:aws:iam::111122223333:role/ip-prod-db-bootstrap-secrets"
)

func testArgs() *BootstrapArgs {
	return &BootstrapArgs{
		Image:           "docker.io/library/postgres:17.6-alpine3.22",
		Host:            pulumi.String("ip-prod.abc.eu-west-1.rds.amazonaws.com"),
		Port:            pulumi.Int(5432),
		DatabaseName:    "ipplatform",
		Cidrs:           []string{"10.30.224.0/22", "10.30.228.0/22"},
		MasterSecretArn: pulumi.String(testMasterSecret),
		Region:          "eu-west-1",
		SecretsRoleArn:  pulumi.String(testRole),
		Users:           []User{{Name: "trademark", ConnectionLimit: 200}, {Name: "copyright", ConnectionLimit: 80}},
	}
}

func build(t *testing.T, a *BootstrapArgs) (*offline.Mocks, *Bootstrap) {
	t.Helper()
	var b *Bootstrap
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		var err error
		b, err = NewBootstrap(ctx, "ip-prod-db-users", a)
		return err
	})
	return m, b
}

func TestJobIsBoundedAndRestricted(t *testing.T) {
	m, b := build(t, testArgs())
	job := offlinetest.Must(t, m, jobType, "ip-prod-db-users-job")
	assert.Equal(t, b.JobName, job.Input("metadata.name"))
	assert.Equal(t, "db-bootstrap", job.Input("metadata.namespace"))
	assert.Equal(t, 4.0, job.Input("spec.backoffLimit"))
	assert.Equal(t, 600.0, job.Input("spec.activeDeadlineSeconds"))
	pod := job.Input("spec.template.spec").(map[string]any)
	assert.Equal(t, "Never", pod["restartPolicy"])
	assert.Equal(t, false, pod["automountServiceAccountToken"])
	assert.Equal(t, map[string]any{"runAsNonRoot": true, "runAsUser": 70.0, "runAsGroup": 70.0, "fsGroup": 70.0,
		"seccompProfile": map[string]any{"type": "RuntimeDefault"}}, pod["securityContext"])
	c := pod["containers"].([]any)[0].(map[string]any)
	assert.Equal(t, "docker.io/library/postgres:17.6-alpine3.22", c["image"])
	assert.Equal(t, map[string]any{
		"requests": map[string]any{"cpu": "50m", "memory": "64Mi", "ephemeral-storage": "64Mi"},
		"limits":   map[string]any{"cpu": "200m", "memory": "128Mi", "ephemeral-storage": "128Mi"},
	}, c["resources"])
	sc := c["securityContext"].(map[string]any)
	assert.Equal(t, true, sc["readOnlyRootFilesystem"])
	assert.Equal(t, false, sc["allowPrivilegeEscalation"])
	assert.Equal(t, map[string]any{"drop": []any{"ALL"}}, sc["capabilities"])
	assert.Contains(t, pod["volumes"], map[string]any{"name": "tmp", "emptyDir": map[string]any{"sizeLimit": "32Mi"}})
	assert.Contains(t, c["command"], "--single-transaction")
	env := map[string]any{}
	for _, e := range c["env"].([]any) {
		e := e.(map[string]any)
		env[e["name"].(string)] = e["value"]
		if v, ok := e["valueFrom"]; ok {
			env[e["name"].(string)] = v
		}
	}
	assert.Equal(t, "require", env["PGSSLMODE"])
	assert.Equal(t, "5432", env["PGPORT"])
	assert.Equal(t, map[string]any{"secretKeyRef": map[string]any{"name": "db-master", "key": "password"}}, env["PGPASSWORD"],
		"the master password comes from the Secret ESO syncs here, never a literal")
}

func TestJobNameChangesWithTheSQL(t *testing.T) {
	_, b := build(t, testArgs())
	require.True(t, strings.HasPrefix(b.JobName, "db-users-"))
	changed := testArgs()
	changed.Users[1].ConnectionLimit = 81
	_, c := build(t, changed)
	assert.NotEqual(t, b.JobName, c.JobName, "a changed SQL must replace the Job, which re-runs it")
	_, again := build(t, testArgs())
	assert.Equal(t, b.JobName, again.JobName, "an unchanged SQL must keep the finished Job")
}

func TestSQLConfigMapIsImmutableAndMounted(t *testing.T) {
	m, b := build(t, testArgs())
	cm := offlinetest.Must(t, m, "kubernetes:core/v1:ConfigMap", "ip-prod-db-users-sql")
	assert.Equal(t, true, cm.Input("immutable"))
	assert.Equal(t, SQL("ipplatform", testArgs().Users), cm.Input("data").(map[string]any)["bootstrap.sql"])
	assert.Equal(t, strings.Replace(b.JobName, "db-users-", "db-users-sql-", 1), cm.Input("metadata.name"))
	job := offlinetest.Must(t, m, jobType, "ip-prod-db-users-job")
	assert.Contains(t, job.Input("spec.template.spec.volumes"), map[string]any{"name": "sql", "configMap": map[string]any{"name": cm.Input("metadata.name")}})
}

func TestMasterSecretIsSyncedAsTheBootstrapAccountOnly(t *testing.T) {
	m, _ := build(t, testArgs())
	sa := offlinetest.Must(t, m, "kubernetes:core/v1:ServiceAccount", "ip-prod-db-users-secrets-sa")
	assert.Equal(t, SecretsServiceAccount, sa.Input("metadata.name"))
	assert.Equal(t, map[string]any{"eks.amazonaws.com/role-arn": testRole}, sa.Input("metadata.annotations"))
	store := offlinetest.Must(t, m, "kubernetes:external-secrets.io/v1:SecretStore", "ip-prod-db-users-secret-store")
	assert.Equal(t, SecretsServiceAccount, store.Input("spec.provider.aws.auth.jwt.serviceAccountRef.name"))
	es := offlinetest.Must(t, m, "kubernetes:external-secrets.io/v1:ExternalSecret", "ip-prod-db-users-external-secret")
	assert.Equal(t, "db-bootstrap", es.Input("metadata.namespace"))
	assert.Equal(t, []any{
		map[string]any{"secretKey": "username", "remoteRef": map[string]any{"key": testMasterSecret, "property": "username"}},
		map[string]any{"secretKey": "password", "remoteRef": map[string]any{"key": testMasterSecret, "property": "password"}},
	}, es.Input("spec.data"))
	job := offlinetest.Must(t, m, jobType, "ip-prod-db-users-job")
	assert.Contains(t, job.DependsOn, es.URN, "the Job waits for the ExternalSecret")
}

func TestNamespaceIsRestrictedAndEgressOnlyReachesDNSAndTheDatabase(t *testing.T) {
	m, _ := build(t, testArgs())
	ns := offlinetest.Must(t, m, "kubernetes:core/v1:Namespace", "ip-prod-db-users-namespace")
	assert.Equal(t, "restricted", ns.Input("metadata.labels").(map[string]any)["pod-security.kubernetes.io/enforce"])
	deny := offlinetest.Must(t, m, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "ip-prod-db-users-default-deny")
	assert.Equal(t, []any{"Ingress", "Egress"}, deny.Input("spec.policyTypes"))
	egress := offlinetest.Must(t, m, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "ip-prod-db-users-egress")
	rules := egress.Input("spec.egress").([]any)
	require.Len(t, rules, 2, "DNS and the database, nothing else")
	db := rules[1].(map[string]any)
	assert.Equal(t, []any{map[string]any{"port": 5432.0, "protocol": "TCP"}}, db["ports"])
	assert.Equal(t, []any{
		map[string]any{"ipBlock": map[string]any{"cidr": "10.30.224.0/22"}},
		map[string]any{"ipBlock": map[string]any{"cidr": "10.30.228.0/22"}},
	}, db["to"])
}

func TestBadArgsAreRejectedNamingTheField(t *testing.T) {
	cases := []struct {
		desc     string
		edit     func(*BootstrapArgs)
		fragment string
	}{
		{"latest image", func(a *BootstrapArgs) { a.Image = "postgres:latest" }, "Image"},
		{"untagged image", func(a *BootstrapArgs) { a.Image = "postgres" }, "Image"},
		{"no host", func(a *BootstrapArgs) { a.Host = nil }, "Host is required"},
		{"database name with a dash", func(a *BootstrapArgs) { a.DatabaseName = "ip-platform" }, "DatabaseName"},
		{"no cidrs", func(a *BootstrapArgs) { a.Cidrs = nil }, "Cidrs"},
		{"bad cidr", func(a *BootstrapArgs) { a.Cidrs = []string{"10.0.0.0/33"} }, "Cidrs"},
		{"no master secret", func(a *BootstrapArgs) { a.MasterSecretArn = nil }, "MasterSecretArn is required"},
		{"no role", func(a *BootstrapArgs) { a.SecretsRoleArn = nil }, "SecretsRoleArn is required"},
		{"no users", func(a *BootstrapArgs) { a.Users = nil }, "Users is required"},
		{"user with a dash", func(a *BootstrapArgs) { a.Users[0].Name = "ip-search" }, "Users[0].Name"},
		{"reserved user", func(a *BootstrapArgs) { a.Users[1].Name = "rds_admin" }, "Users[1].Name"},
		{"duplicate user", func(a *BootstrapArgs) { a.Users[1].Name = "trademark" }, "given twice"},
		{"no connection limit", func(a *BootstrapArgs) { a.Users[0].ConnectionLimit = 0 }, "Users[0].ConnectionLimit"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			a := testArgs()
			tc.edit(a)
			m, err := offline.Run(offline.Program{}, func(ctx *pulumi.Context) error {
				_, err := NewBootstrap(ctx, "ip-prod-db-users", a)
				return err
			})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "dbusers ip-prod-db-users: ")
			assert.Contains(t, err.Error(), tc.fragment)
			assert.Empty(t, m.Resources(), "nothing may be registered before validation passes")
		})
	}
}

func TestSecretsRoleReadsOnlyTheMasterSecret(t *testing.T) {
	m := offlinetest.Run(t, func(ctx *pulumi.Context) error {
		_, err := NewSecretsRole(ctx, "ip-prod-db-bootstrap-secrets", &SecretsRoleArgs{
			OidcProviderArn: pulumi.String("arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
			OidcIssuerURL:   pulumi.String("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC"),
			Region:          "eu-west-1", AccountID: "111122223333",
			MasterSecretArn: pulumi.String(testMasterSecret),
		})
		return err
	})
	var doc struct {
		Statement []struct {
			Sid       string
			Action    []string
			Resource  []string
			Condition map[string]map[string]string
		}
	}
	p := offlinetest.Must(t, m, "aws:iam/rolePolicy:RolePolicy", "ip-prod-db-bootstrap-secrets-inline")
	require.NoError(t, json.Unmarshal([]byte(p.Input("policy").(string)), &doc))
	require.Len(t, doc.Statement, 2)
	assert.Equal(t, []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"}, doc.Statement[0].Action)
	assert.Equal(t, []string{testMasterSecret}, doc.Statement[0].Resource)
	assert.Equal(t, []string{"kms:Decrypt"}, doc.Statement[1].Action)
	assert.Equal(t, testMasterSecret, doc.Statement[1].Condition["StringEquals"]["kms:EncryptionContext:SecretARN"])
	roleRes := offlinetest.Must(t, m, "aws:iam/role:Role", "ip-prod-db-bootstrap-secrets")
	assert.Contains(t, roleRes.Input("assumeRolePolicy"), "system:serviceaccount:db-bootstrap:db-bootstrap-secrets")
}
