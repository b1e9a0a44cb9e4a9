package cache

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/awslimits"
	"github.com/ip-platform/infra/internal/tags"
)

// Port is the Redis protocol port, the same for both engines; the security group admits only this
// one.
const Port = 6379

// keyDeletionWindowDays is the longest wait KMS allows before deleting the key of the snapshots.
const keyDeletionWindowDays = 30

// Redis is a Redis-protocol cache: an ElastiCache replication group running Valkey or Redis OSS,
// with IAM authentication. The type keeps its name (and its type token ip-platform:cache:Redis)
// for the protocol: the token is part of every child's URN in state.
type Redis struct {
	pulumi.ResourceState

	// PrimaryEndpoint is the DNS name of the primary (writes); it follows a failover.
	PrimaryEndpoint pulumi.StringOutput
	// ReaderEndpoint spreads reads over the replicas (the primary when there are none).
	ReaderEndpoint pulumi.StringOutput
	// Port is the port clients connect to, with TLS.
	Port int
	// AuthSecretArn is the Secrets Manager secret holding the connection settings (endpoints, port,
	// user name, authMode "iam"). It holds no credential: clients sign an IAM token as User.
	AuthSecretArn pulumi.StringOutput
	// SecurityGroupID is the replication group's security group.
	SecurityGroupID pulumi.StringOutput
	// ReplicationGroupArn and UserArn are the two resources an elasticache:Connect grant must name.
	ReplicationGroupArn pulumi.StringOutput
	UserArn             pulumi.StringOutput
	// KmsKeyArn encrypts the nodes, the snapshots and the AuthSecretArn secret: reading the secret
	// needs kms:Decrypt on it (through Secrets Manager).
	KmsKeyArn pulumi.StringOutput
	// User is the application user's name (equal to its ID, as IAM authentication requires).
	User string
}

// NewRedis creates the replication group and everything around it.
func NewRedis(ctx *pulumi.Context, name string, args *RedisArgs, opts ...pulumi.ResourceOption) (*Redis, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	r := &Redis{Port: Port, User: appUserID(a.ReplicationGroupID)}
	if err := ctx.RegisterComponentResourceV2("ip-platform:cache:Redis", name, pulumi.Map{
		"replicationGroupId": pulumi.String(a.ReplicationGroupID),
		"engine":             pulumi.String(a.Engine),
		"engineVersion":      pulumi.String(a.EngineVersion),
		"nodeType":           pulumi.String(a.NodeType),
		"replicas":           pulumi.Int(a.Replicas),
	}, r, opts...); err != nil {
		return nil, err
	}
	if err := build(ctx, name, a, r); err != nil {
		return nil, fmt.Errorf("cache %s: %w", name, err)
	}
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{
		"primaryEndpoint":     r.PrimaryEndpoint,
		"readerEndpoint":      r.ReaderEndpoint,
		"port":                pulumi.Int(r.Port),
		"authSecretArn":       r.AuthSecretArn,
		"securityGroupId":     r.SecurityGroupID,
		"replicationGroupArn": r.ReplicationGroupArn,
		"userArn":             r.UserArn,
		"kmsKeyArn":           r.KmsKeyArn,
	})
}

func build(ctx *pulumi.Context, name string, a RedisArgs, r *Redis) error {
	parent := pulumi.Parent(r)
	id := a.ReplicationGroupID

	key, err := kms.NewKey(ctx, name, &kms.KeyArgs{
		Description:          pulumi.String("At-rest encryption of " + awslimits.CacheEngineName(a.Engine) + " " + id + ": nodes, snapshots, connection secret"),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(keyDeletionWindowDays),
		Tags:                 tags.Name(id + "-redis"),
	}, parent)
	if err != nil {
		return fmt.Errorf("key: %w", err)
	}
	if _, err := kms.NewAlias(ctx, name, &kms.AliasArgs{
		Name: pulumi.String("alias/" + id + "-redis"), TargetKeyId: key.KeyId,
	}, parent); err != nil {
		return fmt.Errorf("key alias: %w", err)
	}
	sg, err := newSecurityGroup(ctx, name, a, parent)
	if err != nil {
		return err
	}
	subnets, err := elasticache.NewSubnetGroup(ctx, name, &elasticache.SubnetGroupArgs{
		Name:        pulumi.String(id),
		Description: pulumi.String("Isolated subnets of Redis " + id),
		SubnetIds:   a.SubnetIDs,
		Tags:        tags.Name(id),
	}, parent)
	if err != nil {
		return fmt.Errorf("subnet group: %w", err)
	}
	params, err := newParameterGroup(ctx, name, a, parent)
	if err != nil {
		return err
	}
	users, app, err := newUserGroup(ctx, name, id, parent)
	if err != nil {
		return err
	}
	logs, err := newLogGroups(ctx, name, id, a.LogRetentionDays, parent)
	if err != nil {
		return err
	}

	failover := a.Replicas > 0
	group, err := elasticache.NewReplicationGroup(ctx, name, &elasticache.ReplicationGroupArgs{
		ReplicationGroupId: pulumi.String(id),
		Description:        pulumi.String("Redis cache of the ip-platform services"), // the protocol, either engine
		// redis to valkey is an in-place update of this group: ElastiCache's cross-engine upgrade
		// keeps endpoints and data ("Upgrading engine versions including cross engine upgrades",
		// docs.aws.amazon.com/AmazonElastiCache/latest/dg/VersionManagement.HowTo.html, read
		// 2026-12-02), and the provider updates engine in place only in that direction
		// (customizeDiffEngineForceNewOnDowngrade, hashicorp/terraform-provider-aws
		// internal/service/elasticache). valkey to redis would replace the group, data and all.
		Engine:                   pulumi.String(a.Engine),
		EngineVersion:            pulumi.String(a.EngineVersion),
		AutoMinorVersionUpgrade:  pulumi.Bool(true),
		NodeType:                 pulumi.String(a.NodeType),
		Port:                     pulumi.Int(Port),
		NumCacheClusters:         pulumi.Int(a.Replicas + 1),
		PreferredCacheClusterAzs: pulumi.ToStringArray(nodeZones(a.AvailabilityZones, a.Replicas)),
		// Both need a replica to promote; without one ElastiCache refuses them.
		AutomaticFailoverEnabled: pulumi.Bool(failover),
		MultiAzEnabled:           pulumi.Bool(failover),
		ParameterGroupName:       params.Name,
		SubnetGroupName:          subnets.Name,
		SecurityGroupIds:         pulumi.StringArray{sg.ID().ToStringOutput()},
		AtRestEncryptionEnabled:  pulumi.Bool(true),
		KmsKeyId:                 key.Arn,
		TransitEncryptionEnabled: pulumi.Bool(true),
		TransitEncryptionMode:    pulumi.String("required"),
		UserGroupIds:             pulumi.StringArray{users.UserGroupId},
		SnapshotRetentionLimit:   pulumi.Int(a.SnapshotRetentionDays),
		SnapshotWindow:           pulumi.String(a.SnapshotWindow),
		FinalSnapshotIdentifier:  finalSnapshot(a),
		MaintenanceWindow:        pulumi.String(a.MaintenanceWindow),
		LogDeliveryConfigurations: elasticache.ReplicationGroupLogDeliveryConfigurationArray{
			logDelivery(logs[slowLog], slowLog), logDelivery(logs[engineLog], engineLog),
		},
		Tags: tags.Name(id),
	}, parent)
	if err != nil {
		return fmt.Errorf("replication group: %w", err)
	}
	secret, err := newConnectionSecret(ctx, name, a, group, key, parent)
	if err != nil {
		return err
	}
	if err := newAlarms(ctx, name, a, parent); err != nil {
		return err
	}

	r.PrimaryEndpoint = group.PrimaryEndpointAddress
	r.ReaderEndpoint = group.ReaderEndpointAddress
	r.AuthSecretArn = secret.Arn
	r.SecurityGroupID = sg.ID().ToStringOutput()
	r.ReplicationGroupArn = group.Arn
	r.UserArn = app.Arn
	r.KmsKeyArn = key.Arn
	return nil
}

// finalSnapshot names the snapshot taken when the group is deleted, if snapshots are kept at all.
func finalSnapshot(a RedisArgs) pulumi.StringPtrInput {
	if a.SnapshotRetentionDays == 0 {
		return nil
	}
	return pulumi.String(a.ReplicationGroupID + "-final")
}
