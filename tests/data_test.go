package tests

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
	"github.com/ip-platform/infra/internal/plan"
)

const (
	dbInstanceType    = "aws:rds/instance:Instance"
	redisGroupType    = "aws:elasticache/replicationGroup:ReplicationGroup"
	securityGroupType = "aws:ec2/securityGroup:SecurityGroup"
	metricAlarmType   = "aws:cloudwatch/metricAlarm:MetricAlarm"
	backupPlanType    = "aws:backup/plan:Plan"
	backupVaultType   = "aws:backup/vault:Vault"
)

// only returns the single resource of a type, failing when there is not exactly one.
func only(t *testing.T, r *plan.Result, typ string) offline.Resource {
	t.Helper()
	list := ofType(r, typ)
	require.Len(t, list, 1, "exactly one %s", typ)
	return list[0]
}

// clusterSecurityGroup is the ID the mocks give the security group EKS creates for the cluster.
func clusterSecurityGroup(t *testing.T, r *plan.Result) string {
	return only(t, r, clusterType).Name + "-cluster-sg"
}

// ingressSources returns the security groups a data-tier security group admits, per port.
func ingressSources(t *testing.T, r *plan.Result, sgID string) map[float64][]string {
	t.Helper()
	for _, sg := range ofType(r, securityGroupType) {
		if sg.Name+"-id" != sgID {
			continue
		}
		out := map[float64][]string{}
		for _, rule := range sg.Input("ingress").([]any) {
			rm := rule.(map[string]any)
			assert.Nil(t, rm["cidrBlocks"], "%s must admit no CIDR block", sg.Name)
			out[rm["fromPort"].(float64)] = strs(rm["securityGroups"])
		}
		return out
	}
	t.Fatalf("no security group with ID %s", sgID)
	return nil
}

func TestDataTierPerEnvironment(t *testing.T) {
	cases := []struct {
		stack            string
		multiAz          bool
		minBackupDays    float64
		protected        bool
		minCacheNodes    float64
		cacheZones       int
		finalSnapshot    bool
		instanceClassHas string
	}{
		{"dev", false, 1, false, 1, 1, false, "db.t4g."},
		{"staging", true, 14, false, 2, 2, true, "db.m7g."},
		{"prod", true, 14, true, 3, 3, true, "db.m7g."},
	}
	for _, tc := range cases {
		t.Run(tc.stack, func(t *testing.T) {
			r := planStack(t, tc.stack)
			db := only(t, r, dbInstanceType)
			isolated := idsOf(subnetsOfTier(r, "isolated"))
			clusterSG := clusterSecurityGroup(t, r)

			assert.Equal(t, tc.multiAz, db.Input("multiAz"), "%s database Multi-AZ", tc.stack)
			assert.Contains(t, db.Input("instanceClass"), tc.instanceClassHas)
			assert.Equal(t, true, db.Input("storageEncrypted"), "%s database must be encrypted", tc.stack)
			assert.NotEmpty(t, db.Input("kmsKeyId"), "with the stack's own key")
			assert.Equal(t, false, db.Input("publiclyAccessible"), "%s database must not be public", tc.stack)
			assert.Equal(t, true, db.Input("manageMasterUserPassword"), "RDS manages the master password")
			assert.Nil(t, db.Input("password"), "no password in config, code or state")
			assert.GreaterOrEqual(t, db.Input("backupRetentionPeriod"), tc.minBackupDays)
			assert.Equal(t, tc.protected, db.Input("deletionProtection"), "%s deletion protection", tc.stack)
			assert.Equal(t, tc.protected, db.Protect, "%s Pulumi protect", tc.stack)
			assert.Equal(t, !tc.finalSnapshot, db.Input("skipFinalSnapshot"), "%s final snapshot on delete", tc.stack)
			assert.Equal(t, true, db.Input("performanceInsightsEnabled"))
			assert.NotZero(t, db.Input("monitoringInterval"), "enhanced monitoring")
			assert.Equal(t, isolated, strs(only(t, r, "aws:rds/subnetGroup:SubnetGroup").Input("subnetIds")), "the database lives in the isolated subnets")
			dbSG := strs(db.Input("vpcSecurityGroupIds"))
			require.Len(t, dbSG, 1)
			assert.Equal(t, map[float64][]string{5432: {clusterSG}}, ingressSources(t, r, dbSG[0]), "PostgreSQL only from the cluster")

			redis := only(t, r, redisGroupType)
			assert.GreaterOrEqual(t, redis.Input("numCacheClusters"), tc.minCacheNodes)
			zones := strs(redis.Input("preferredCacheClusterAzs"))
			assert.Len(t, slices.Compact(zones), tc.cacheZones, "%s cache nodes spread over zones", tc.stack)
			failover := tc.stack != "dev"
			assert.Equal(t, failover, redis.Input("automaticFailoverEnabled"))
			assert.Equal(t, failover, redis.Input("multiAzEnabled"))
			assert.Equal(t, true, redis.Input("atRestEncryptionEnabled"))
			assert.Equal(t, true, redis.Input("transitEncryptionEnabled"))
			assert.Nil(t, redis.Input("authToken"), "no AUTH token in config or state")
			assert.NotEmpty(t, redis.Input("userGroupIds"), "RBAC with IAM authentication")
			assert.Equal(t, isolated, strs(only(t, r, "aws:elasticache/subnetGroup:SubnetGroup").Input("subnetIds")))
			redisSG := strs(redis.Input("securityGroupIds"))
			require.Len(t, redisSG, 1)
			assert.Equal(t, map[float64][]string{6379: {clusterSG}}, ingressSources(t, r, redisSG[0]), "Redis only from the cluster")

			backup := only(t, r, backupPlanType)
			assert.NotEmpty(t, backup.Input("rules[0].schedule"))
			vaults := ofType(r, backupVaultType)
			require.NotEmpty(t, vaults)
			for _, v := range vaults {
				assert.NotEmpty(t, v.Input("kmsKeyArn"), "vault %s is encrypted with a KMS key", v.Name)
			}
			selection := only(t, r, "aws:backup/selection:Selection")
			assert.Equal(t, []any{"arn:aws:rds:us-east-1:123456789012:instance/" + db.Name}, selection.Input("resources"), "the plan backs up the database")
		})
	}
}

func TestProdDataTierAlarmsNotifyAnEncryptedTopic(t *testing.T) {
	r := planStack(t, "prod")
	topic := only(t, r, "aws:sns/topic:Topic")
	assert.NotEmpty(t, topic.Input("kmsMasterKeyId"), "the alarm topic is KMS-encrypted")
	topicArn := "arn:aws:sns:us-east-1:123456789012:topic/" + topic.Name

	metrics := map[string]int{}
	for _, a := range ofType(r, metricAlarmType) {
		ns, _ := a.Input("namespace").(string)
		if ns != "AWS/RDS" && ns != "AWS/ElastiCache" {
			continue
		}
		metrics[ns+" "+a.Input("metricName").(string)]++
		assert.Equal(t, []any{topicArn}, a.Input("alarmActions"), "alarm %s must notify the topic", a.Name)
	}
	for _, m := range []string{"AWS/RDS CPUUtilization", "AWS/RDS FreeStorageSpace", "AWS/RDS FreeableMemory", "AWS/RDS DatabaseConnections"} {
		assert.Equal(t, 1, metrics[m], "one %s alarm on the prod database", m)
	}
	for _, m := range []string{"AWS/ElastiCache EngineCPUUtilization", "AWS/ElastiCache DatabaseMemoryUsagePercentage", "AWS/ElastiCache Evictions", "AWS/ElastiCache ReplicationLag"} {
		assert.Equal(t, 3, metrics[m], "a %s alarm on each of the three cache nodes", m)
	}
}

// drCopy is the DR side of a stack's backups: the DR region's provider, the vault there, its key.
type drCopy struct {
	provider, vault, key offline.Resource
}

// drSide finds the provider of region and the backup vault and KMS key created through it.
func drSide(t *testing.T, r *plan.Result, region string) drCopy {
	t.Helper()
	var dr drCopy
	for _, p := range ofType(r, awsProvider) {
		if p.Input("region") == region {
			dr.provider = p
		}
	}
	require.NotEmpty(t, dr.provider.URN, "stack %s has no AWS provider for the DR region %s", r.Stack, region)
	for _, res := range r.Resources {
		if !strings.HasPrefix(res.Provider, dr.provider.URN+"::") {
			continue
		}
		switch res.Type {
		case backupVaultType:
			dr.vault = res
		case "aws:kms/key:Key":
			dr.key = res
		}
	}
	require.NotEmpty(t, dr.vault.URN, "stack %s has no backup vault in %s", r.Stack, region)
	require.NotEmpty(t, dr.key.URN, "stack %s has no KMS key in %s", r.Stack, region)
	return dr
}

func TestProdCopiesEveryRecoveryPointToItsOwnVaultInTheDrRegion(t *testing.T) {
	r := planStack(t, "prod")
	dr := drSide(t, r, "us-west-2")
	assert.Equal(t, "prod", dr.provider.Input("defaultTags.tags.environment"), "the DR provider carries the default tags too")

	assert.Equal(t, "arn:aws:kms:us-west-2:123456789012:key/"+dr.key.Name, dr.vault.Input("kmsKeyArn"),
		"the DR vault is encrypted with its own key in us-west-2 (a copy is re-encrypted with the destination vault's key)")
	assert.Equal(t, true, dr.key.Input("enableKeyRotation"))
	primary := ofType(r, backupVaultType)
	require.Len(t, primary, 2, "a vault in each region")
	for _, v := range primary {
		if v.URN != dr.vault.URN {
			assert.NotEqual(t, v.Input("kmsKeyArn"), dr.vault.Input("kmsKeyArn"), "the two vaults must not share a key")
		}
	}

	p := only(t, r, backupPlanType)
	assert.Equal(t, "arn:aws:backup:us-west-2:123456789012:vault/"+dr.vault.Name, p.Input("rules[0].copyActions[0].destinationVaultArn"),
		"every daily recovery point is copied to the vault in us-west-2")
	assert.Equal(t, 35.0, p.Input("rules[0].copyActions[0].lifecycle.deleteAfter"), "the DR copies keep the prod retention (backup.retentionDays)")

	// Nothing else lives in the DR region: the DR provider manages the vault, its key and alias.
	var inDr []string
	for _, res := range r.Resources {
		if strings.HasPrefix(res.Provider, dr.provider.URN+"::") {
			inDr = append(inDr, res.Type)
		}
	}
	slices.Sort(inDr)
	assert.Equal(t, []string{"aws:backup/vault:Vault", "aws:kms/alias:Alias", "aws:kms/key:Key"}, inDr)
}

func TestDrRetentionComesFromConfig(t *testing.T) {
	for _, stack := range []string{"dev", "staging"} {
		r := planStack(t, stack)
		assert.Nil(t, only(t, r, backupPlanType).Input("rules[0].copyActions"), "%s copies no backups: backup.drRegion is not set", stack)
	}

	base, err := os.ReadFile(filepath.Join(projectDir, "Pulumi.staging.yaml"))
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "Pulumi.staging.yaml")
	withDr := string(base) + "  ip-platform:backup:\n    drRegion: eu-central-1\n    drRetentionDays: 90\n"
	require.NoError(t, os.WriteFile(file, []byte(withDr), 0o644))

	r, err := plan.Compute(projectDir, "staging", file)
	require.NoError(t, err)
	dr := drSide(t, r, "eu-central-1")
	p := only(t, r, backupPlanType)
	assert.Equal(t, "arn:aws:backup:eu-central-1:123456789012:vault/"+dr.vault.Name, p.Input("rules[0].copyActions[0].destinationVaultArn"))
	assert.Equal(t, 90.0, p.Input("rules[0].copyActions[0].lifecycle.deleteAfter"), "backup.drRetentionDays sets how long the DR copies are kept")
}

func TestNoDataTierSecretValueInInputs(t *testing.T) {
	r := planStack(t, "prod")
	for _, res := range r.Resources {
		for _, k := range []string{"password", "authToken", "passwords", "masterPassword"} {
			assert.Nil(t, res.Input(k), "%s %s must not carry a %s", res.Type, res.Name, k)
		}
	}
}
