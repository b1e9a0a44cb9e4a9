package platform

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/components/alerts"
	"github.com/ip-platform/infra/components/backup"
	"github.com/ip-platform/infra/components/cache"
	"github.com/ip-platform/infra/components/database"
	"github.com/ip-platform/infra/internal/config"
)

// Data is the data tier: PostgreSQL, Redis, their backups and the topic their alarms notify.
type Data struct {
	Alarms   *alerts.Topic
	Database *database.Postgres
	Cache    *cache.Redis
	Backup   *backup.Plan
}

// buildData creates the data tier in the isolated subnets, reachable from the cluster only. EKS
// managed nodes without custom security groups carry the cluster security group, and pods share
// their node's groups, so admitting that group admits the services and nothing else.
func (p *Platform) buildData(ctx *pulumi.Context) error {
	cfg, name := p.Config, p.Config.ClusterName()
	onAWS := pulumi.Providers(p.AWS)
	d := &Data{}
	var err error

	if d.Alarms, err = alerts.NewTopic(ctx, name+"-alarms", &alerts.TopicArgs{TopicName: name + "-alarms", Publishers: securityEventPublishers(cfg)}, onAWS); err != nil {
		return fmt.Errorf("alarm topic: %w", err)
	}
	db := cfg.Database
	d.Database, err = database.NewPostgres(ctx, name+"-postgres", &database.PostgresArgs{
		Identifier:                       name,
		EngineVersion:                    db.EngineVersion,
		InstanceClass:                    db.InstanceClass,
		MultiAz:                          db.MultiAz,
		AllocatedStorageGiB:              db.AllocatedStorageGiB,
		MaxAllocatedStorageGiB:           db.MaxAllocatedStorageGiB,
		BackupRetentionDays:              db.BackupRetentionDays,
		BackupWindow:                     db.BackupWindow,
		MaintenanceWindow:                db.MaintenanceWindow,
		DeletionProtection:               db.DeletionProtection,
		Protect:                          db.DeletionProtection,
		SkipFinalSnapshot:                cfg.Environment == config.Dev,
		ReadReplicas:                     db.ReadReplicas,
		PerformanceInsightsRetentionDays: db.PerformanceInsightsRetentionDays,
		MonitoringIntervalSeconds:        db.MonitoringIntervalSeconds,
		LogRetentionDays:                 db.LogRetentionDays,
		VpcID:                            p.Network.VpcID.ToStringOutput(),
		SubnetIDs:                        p.Network.IsolatedSubnetIDs,
		ClientSecurityGroupID:            p.Cluster.ClusterSecurityGroupID,
		AlarmTopicArn:                    d.Alarms.Arn,
	}, onAWS)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	c := cfg.Cache
	d.Cache, err = cache.NewRedis(ctx, name+"-redis", &cache.RedisArgs{
		ReplicationGroupID:    name,
		Engine:                c.Engine,
		EngineVersion:         c.EngineVersion,
		NodeType:              c.NodeType,
		Replicas:              c.Replicas,
		AvailabilityZones:     cfg.AvailabilityZones,
		SnapshotRetentionDays: c.SnapshotRetentionDays,
		SnapshotWindow:        c.SnapshotWindow,
		MaintenanceWindow:     c.MaintenanceWindow,
		LogRetentionDays:      c.LogRetentionDays,
		VpcID:                 p.Network.VpcID.ToStringOutput(),
		SubnetIDs:             p.Network.IsolatedSubnetIDs,
		ClientSecurityGroupID: p.Cluster.ClusterSecurityGroupID,
		AlarmTopicArn:         d.Alarms.Arn,
	}, onAWS)
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	if d.Backup, err = p.buildBackup(ctx, name, d.Database); err != nil {
		return err
	}
	p.Data = d
	return nil
}

// buildBackup puts the database under an AWS Backup plan, copied to the DR region when the stack
// names one. The DR provider is built here, like the main one, with the same default tags.
func (p *Platform) buildBackup(ctx *pulumi.Context, name string, db *database.Postgres) (*backup.Plan, error) {
	b := p.Config.Backup
	args := &backup.PlanArgs{
		PlanName:        name + "-data",
		ResourceArns:    pulumi.StringArray{db.InstanceArn},
		Schedule:        b.Schedule,
		RetentionDays:   b.RetentionDays,
		DrRetentionDays: b.DrRetentionDays,
	}
	if b.DrRegion != "" {
		dr, err := aws.NewProvider(ctx, "aws-dr", &aws.ProviderArgs{
			Region: pulumi.String(b.DrRegion),
			// The DR copies go to the stack's own account, like everything else.
			AllowedAccountIds: pulumi.ToStringArray([]string{p.Config.AccountID}),
			DefaultTags:       &aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(p.Config.Tags())},
		})
		if err != nil {
			return nil, fmt.Errorf("dr provider: %w", err)
		}
		args.DrProvider = dr
	}
	plan, err := backup.NewPlan(ctx, name+"-backup", args, pulumi.Providers(p.AWS))
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return plan, nil
}

// exportData publishes endpoints, ports and secret ARNs: never a secret value.
func (p *Platform) exportData(ctx *pulumi.Context) {
	d := p.Data
	ctx.Export("alarmTopicArn", d.Alarms.Arn)
	ctx.Export("databaseAddress", d.Database.Address)
	ctx.Export("databasePort", d.Database.Port)
	ctx.Export("databaseName", pulumi.String(d.Database.DatabaseName))
	ctx.Export("databaseMasterSecretArn", d.Database.MasterSecretArn)
	ctx.Export("databaseResourceId", d.Database.ResourceID)
	ctx.Export("databaseReplicaAddresses", d.Database.ReplicaAddresses)
	ctx.Export("databaseSecurityGroupId", d.Database.SecurityGroupID)
	ctx.Export("redisPrimaryEndpoint", d.Cache.PrimaryEndpoint)
	ctx.Export("redisReaderEndpoint", d.Cache.ReaderEndpoint)
	ctx.Export("redisPort", pulumi.Int(d.Cache.Port))
	ctx.Export("redisUser", pulumi.String(d.Cache.User))
	ctx.Export("redisAuthSecretArn", d.Cache.AuthSecretArn)
	ctx.Export("redisSecurityGroupId", d.Cache.SecurityGroupID)
	ctx.Export("backupVaultArn", d.Backup.VaultArn)
	ctx.Export("backupDrVaultArn", d.Backup.DrVaultArn)
}
