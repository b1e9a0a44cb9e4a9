package database

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/rds"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// replicaIdentifier is the physical identifier of the i-th (0-based) read replica.
func replicaIdentifier(identifier string, i int) string {
	return fmt.Sprintf("%s-replica-%d", identifier, i+1)
}

// newReplicas creates the read replicas. They scale reads only: failover goes to the Multi-AZ
// standby, never to a replica, so replicas are not part of the availability story.
func newReplicas(ctx *pulumi.Context, name string, a PostgresArgs, primary *rds.Instance, key *kms.Key,
	sg *ec2.SecurityGroup, params *rds.ParameterGroup, monitoring *iam.Role, after, parent pulumi.ResourceOption,
) ([]*rds.Instance, error) {
	var replicas []*rds.Instance
	for i := 0; i < a.ReadReplicas; i++ {
		id := replicaIdentifier(a.Identifier, i)
		logical := fmt.Sprintf("%s-replica-%d", name, i+1)
		logs, err := newLogGroups(ctx, logical, id, a.LogRetentionDays, parent)
		if err != nil {
			return nil, err
		}
		r, err := rds.NewInstance(ctx, logical, &rds.InstanceArgs{
			Identifier:              pulumi.String(id),
			ReplicateSourceDb:       primary.Identifier,
			InstanceClass:           pulumi.String(a.InstanceClass),
			AutoMinorVersionUpgrade: pulumi.Bool(true),
			VpcSecurityGroupIds:     pulumi.StringArray{sg.ID().ToStringOutput()},
			PubliclyAccessible:      pulumi.Bool(false),
			CaCertIdentifier:        pulumi.String(caCertificate),
			StorageType:             pulumi.String("gp3"),
			MaxAllocatedStorage:     pulumi.Int(a.MaxAllocatedStorageGiB),
			StorageEncrypted:        pulumi.Bool(true),
			KmsKeyId:                key.Arn,
			ParameterGroupName:      params.Name,
			MaintenanceWindow:       pulumi.String(a.MaintenanceWindow),
			// RDS takes no snapshot of a replica; its data lives on in the primary.
			SkipFinalSnapshot:                  pulumi.Bool(true),
			DeletionProtection:                 pulumi.Bool(a.DeletionProtection),
			PerformanceInsightsEnabled:         pulumi.Bool(true),
			PerformanceInsightsKmsKeyId:        key.Arn,
			PerformanceInsightsRetentionPeriod: pulumi.Int(a.PerformanceInsightsRetentionDays),
			MonitoringInterval:                 pulumi.Int(a.MonitoringIntervalSeconds),
			MonitoringRoleArn:                  monitoring.Arn,
			EnabledCloudwatchLogsExports:       pulumi.ToStringArray(exportedLogs()),
			Tags:                               tags.Name(id),
		}, parent, after, pulumi.DependsOn(logs))
		if err != nil {
			return nil, fmt.Errorf("read replica %d: %w", i+1, err)
		}
		replicas = append(replicas, r)
	}
	return replicas, nil
}
