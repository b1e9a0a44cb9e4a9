package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// Port is the PostgreSQL port; the security group admits only this one.
const Port = 5432

// caCertificate is the RDS CA that signs the server certificate clients verify (force_ssl is on);
// named explicitly so a change of the provider's default never rotates it unannounced.
const caCertificate = "rds-ca-rsa2048-g1"

// Postgres is an RDS for PostgreSQL instance with its network, encryption, monitoring and alarms.
type Postgres struct {
	pulumi.ResourceState

	// Address is the DNS name of the primary; after a Multi-AZ failover it points at the new one.
	Address pulumi.StringOutput
	// Port is the port clients connect to.
	Port pulumi.IntOutput
	// MasterSecretArn is the Secrets Manager secret, managed and rotated by RDS, holding the master
	// user's name and password.
	MasterSecretArn pulumi.StringOutput
	// DatabaseName is the database created with the instance.
	DatabaseName string
	// SecurityGroupID is the instance's security group.
	SecurityGroupID pulumi.StringOutput
	// InstanceArn is the primary instance's ARN (for AWS Backup selections).
	InstanceArn pulumi.StringOutput
	// ResourceID is the primary's DbiResourceId ("db-ABCDEFGHIJKL..."): IAM database
	// authentication names it, not the identifier, in rds-db:connect's resource
	// arn:aws:rds-db:<region>:<account>:dbuser:<ResourceID>/<user>, so a recreated instance of the
	// same name does not inherit grants.
	ResourceID pulumi.StringOutput
	// KmsKeyArn is the key of the storage, the snapshots and the master user secret: reading the
	// secret needs kms:Decrypt on it (through Secrets Manager).
	KmsKeyArn pulumi.StringOutput
	// ReplicaAddresses are the DNS names of the read replicas, in order.
	ReplicaAddresses pulumi.StringArrayOutput
}

// NewPostgres creates the database and everything around it.
func NewPostgres(ctx *pulumi.Context, name string, args *PostgresArgs, opts ...pulumi.ResourceOption) (*Postgres, error) {
	a, err := withDefaults(name, args)
	if err != nil {
		return nil, err
	}
	db := &Postgres{DatabaseName: a.DatabaseName}
	if err := ctx.RegisterComponentResourceV2("ip-platform:database:Postgres", name, pulumi.Map{
		"identifier":    pulumi.String(a.Identifier),
		"engineVersion": pulumi.String(a.EngineVersion),
		"instanceClass": pulumi.String(a.InstanceClass),
		"multiAz":       pulumi.Bool(a.MultiAz),
		"readReplicas":  pulumi.Int(a.ReadReplicas),
	}, db, opts...); err != nil {
		return nil, err
	}
	if err := build(ctx, name, a, db); err != nil {
		return nil, fmt.Errorf("database %s: %w", name, err)
	}
	return db, ctx.RegisterResourceOutputs(db, pulumi.Map{
		"address":          db.Address,
		"port":             db.Port,
		"masterSecretArn":  db.MasterSecretArn,
		"databaseName":     pulumi.String(db.DatabaseName),
		"securityGroupId":  db.SecurityGroupID,
		"instanceArn":      db.InstanceArn,
		"resourceId":       db.ResourceID,
		"kmsKeyArn":        db.KmsKeyArn,
		"replicaAddresses": db.ReplicaAddresses,
	})
}

func build(ctx *pulumi.Context, name string, a PostgresArgs, db *Postgres) error {
	parent := pulumi.Parent(db)
	// The key and the instance are what a mistaken `pulumi destroy` must not take: the key is the
	// only way to read the snapshots.
	keep := pulumi.Protect(a.Protect)

	key, err := newKey(ctx, name, a.Identifier, parent, keep)
	if err != nil {
		return err
	}
	sg, err := newSecurityGroup(ctx, name, a, parent)
	if err != nil {
		return err
	}
	subnets, err := rds.NewSubnetGroup(ctx, name, &rds.SubnetGroupArgs{
		Name:        pulumi.String(a.Identifier),
		Description: pulumi.String("Isolated subnets of PostgreSQL " + a.Identifier + ": no route to or from the internet"),
		SubnetIds:   a.SubnetIDs,
		Tags:        tags.Name(a.Identifier),
	}, parent)
	if err != nil {
		return fmt.Errorf("subnet group: %w", err)
	}
	params, err := newParameterGroup(ctx, name, a, parent)
	if err != nil {
		return err
	}
	monitoring, monitoringPolicy, err := newMonitoringRole(ctx, name, parent)
	if err != nil {
		return err
	}
	logs, err := newLogGroups(ctx, name, a.Identifier, a.LogRetentionDays, parent)
	if err != nil {
		return err
	}

	instance, err := rds.NewInstance(ctx, name, &rds.InstanceArgs{
		Identifier:               pulumi.String(a.Identifier),
		Engine:                   pulumi.String("postgres"),
		EngineVersion:            pulumi.String(a.EngineVersion),
		AutoMinorVersionUpgrade:  pulumi.Bool(true),
		AllowMajorVersionUpgrade: pulumi.Bool(false), // a major upgrade is a planned change, not a side effect
		InstanceClass:            pulumi.String(a.InstanceClass),
		DbName:                   pulumi.String(a.DatabaseName),
		Username:                 pulumi.String(a.MasterUsername),
		// RDS generates the password, stores it in Secrets Manager under our key and rotates it:
		// no password in config, code or state.
		ManageMasterUserPassword:         pulumi.Bool(true),
		MasterUserSecretKmsKeyId:         key.Arn,
		IamDatabaseAuthenticationEnabled: pulumi.Bool(true),
		MultiAz:                          pulumi.Bool(a.MultiAz),
		DbSubnetGroupName:                subnets.Name,
		VpcSecurityGroupIds:              pulumi.StringArray{sg.ID().ToStringOutput()},
		PubliclyAccessible:               pulumi.Bool(false),
		Port:                             pulumi.Int(Port),
		CaCertIdentifier:                 pulumi.String(caCertificate),
		StorageType:                      pulumi.String("gp3"),
		AllocatedStorage:                 pulumi.Int(a.AllocatedStorageGiB),
		MaxAllocatedStorage:              pulumi.Int(a.MaxAllocatedStorageGiB),
		StorageEncrypted:                 pulumi.Bool(true),
		KmsKeyId:                         key.Arn,
		ParameterGroupName:               params.Name,
		BackupRetentionPeriod:            pulumi.Int(a.BackupRetentionDays),
		BackupWindow:                     pulumi.String(a.BackupWindow),
		MaintenanceWindow:                pulumi.String(a.MaintenanceWindow),
		CopyTagsToSnapshot:               pulumi.Bool(true),
		SkipFinalSnapshot:                pulumi.Bool(a.SkipFinalSnapshot),
		FinalSnapshotIdentifier:          finalSnapshot(a),
		// Automated backups outlive the instance unless it is a throwaway one.
		DeleteAutomatedBackups:             pulumi.Bool(a.SkipFinalSnapshot),
		DeletionProtection:                 pulumi.Bool(a.DeletionProtection),
		PerformanceInsightsEnabled:         pulumi.Bool(true),
		PerformanceInsightsKmsKeyId:        key.Arn,
		PerformanceInsightsRetentionPeriod: pulumi.Int(a.PerformanceInsightsRetentionDays),
		MonitoringInterval:                 pulumi.Int(a.MonitoringIntervalSeconds),
		MonitoringRoleArn:                  monitoring.Arn,
		EnabledCloudwatchLogsExports:       pulumi.ToStringArray(exportedLogs()),
		Tags:                               tags.Name(a.Identifier),
	}, parent, keep, pulumi.DependsOn(append(logs, monitoringPolicy)))
	if err != nil {
		return fmt.Errorf("instance: %w", err)
	}

	replicas, err := newReplicas(ctx, name, a, instance, key, sg, params, monitoring, pulumi.DependsOn([]pulumi.Resource{monitoringPolicy}), parent)
	if err != nil {
		return err
	}
	identifiers := []string{a.Identifier}
	for i := range replicas {
		identifiers = append(identifiers, replicaIdentifier(a.Identifier, i))
	}
	if err := newAlarms(ctx, name, a, identifiers, parent); err != nil {
		return err
	}

	db.Address = instance.Address
	db.Port = instance.Port
	db.MasterSecretArn = instance.MasterUserSecrets.Index(pulumi.Int(0)).SecretArn().Elem()
	db.SecurityGroupID = sg.ID().ToStringOutput()
	db.InstanceArn = instance.Arn
	db.ResourceID = instance.ResourceId
	db.KmsKeyArn = key.Arn
	addresses := make(pulumi.StringArray, len(replicas))
	for i, r := range replicas {
		addresses[i] = r.Address
	}
	db.ReplicaAddresses = addresses.ToStringArrayOutput()
	return nil
}

// finalSnapshot names the snapshot RDS takes when the instance is deleted.
func finalSnapshot(a PostgresArgs) pulumi.StringPtrInput {
	if a.SkipFinalSnapshot {
		return nil
	}
	return pulumi.String(a.Identifier + "-final")
}
