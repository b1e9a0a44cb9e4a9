package database

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/awslimits"
)

// PostgresArgs configures a Postgres.
type PostgresArgs struct {
	// Identifier is the physical RDS instance identifier, e.g. "ip-platform-prod": lower-case
	// letters, digits and single dashes, starting with a letter, at most 50 characters (replicas
	// append "-replica-N"). Required.
	Identifier string
	// DatabaseName is the database created with the instance. Defaults to "ipplatform".
	DatabaseName string
	// MasterUsername is the master user's name; its password is managed by RDS in Secrets Manager.
	// Defaults to "platform_admin".
	MasterUsername string
	// EngineVersion is "16" or "17" (RDS applies the newest minor and upgrades minors in the
	// maintenance window) or a pinned minor such as "17.7". Required.
	EngineVersion string
	// InstanceClass is the RDS instance class, e.g. "db.m7g.large". Required.
	InstanceClass string
	// MultiAz keeps a synchronous standby in another zone and fails over to it. Defaults to false.
	MultiAz bool
	// AllocatedStorageGiB is the initial gp3 storage, 20 to 65536. Defaults to 20.
	AllocatedStorageGiB int
	// MaxAllocatedStorageGiB is the ceiling of storage autoscaling, at least AllocatedStorageGiB
	// + 10%. Defaults to five times AllocatedStorageGiB.
	MaxAllocatedStorageGiB int
	// BackupRetentionDays keeps automated backups (point-in-time recovery), 1 to 35. Defaults to 7.
	BackupRetentionDays int
	// BackupWindow is the daily backup window "hh24:mi-hh24:mi" in UTC. Defaults to "02:00-03:00".
	BackupWindow string
	// MaintenanceWindow is "ddd:hh24:mi-ddd:hh24:mi" in UTC. Defaults to "sun:04:00-sun:05:00".
	MaintenanceWindow string
	// DeletionProtection makes RDS refuse to delete the instance. Defaults to false.
	DeletionProtection bool
	// Protect marks the instance and its KMS key protected in Pulumi, so no `pulumi up` or
	// `destroy` can delete them without first unprotecting them. Defaults to false.
	Protect bool
	// SkipFinalSnapshot deletes the instance without a last snapshot and with its automated
	// backups (dev only). Defaults to false: a final snapshot is taken and backups are kept.
	SkipFinalSnapshot bool
	// ReadReplicas is the number of read replicas, 0 to 5. Defaults to 0.
	ReadReplicas int
	// PerformanceInsightsRetentionDays is 7, a multiple of 31 up to 713, or 731. Defaults to 7.
	PerformanceInsightsRetentionDays int
	// MonitoringIntervalSeconds is the enhanced monitoring granularity: 1, 5, 10, 15, 30 or 60.
	// Defaults to 60.
	MonitoringIntervalSeconds int
	// LogRetentionDays is the retention of the exported PostgreSQL and upgrade logs, a CloudWatch
	// Logs retention value. Defaults to 30.
	LogRetentionDays int

	// VpcID is the VPC of the subnets. Required.
	VpcID pulumi.StringInput
	// SubnetIDs are the isolated subnets of the DB subnet group, one per zone, at least two.
	// Required.
	SubnetIDs pulumi.StringArrayInput
	// ClientSecurityGroupID is the only security group admitted on 5432: the EKS cluster security
	// group, which managed nodes and so their pods carry. Required.
	ClientSecurityGroupID pulumi.StringInput
	// AlarmTopicArn is the SNS topic the alarms notify. Required.
	AlarmTopicArn pulumi.StringInput
}

var (
	identifierPattern = regexp.MustCompile(`^[a-z](-?[a-z0-9])*$`)
	dbNamePattern     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
	versionPattern    = regexp.MustCompile(`^(16|17)(\.[0-9]+)?$`)
	classPattern      = regexp.MustCompile(`^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$`)
)

const (
	maxIdentifierLength = 50 // RDS allows 63; replicas append "-replica-N"
	maxReadReplicas     = 5
	maxRetentionDays    = 35
)

// withDefaults validates args and returns a copy with the defaults filled in.
func withDefaults(name string, args *PostgresArgs) (PostgresArgs, error) {
	if args == nil {
		return PostgresArgs{}, fmt.Errorf("database %s: args are required", name)
	}
	a := *args
	setDefault(&a.DatabaseName, "ipplatform")
	setDefault(&a.MasterUsername, "platform_admin")
	setDefault(&a.BackupWindow, "02:00-03:00")
	setDefault(&a.MaintenanceWindow, "sun:04:00-sun:05:00")
	if a.AllocatedStorageGiB == 0 {
		a.AllocatedStorageGiB = 20
	}
	if a.MaxAllocatedStorageGiB == 0 {
		a.MaxAllocatedStorageGiB = 5 * a.AllocatedStorageGiB
	}
	if a.BackupRetentionDays == 0 {
		a.BackupRetentionDays = 7
	}
	if a.PerformanceInsightsRetentionDays == 0 {
		a.PerformanceInsightsRetentionDays = 7
	}
	if a.MonitoringIntervalSeconds == 0 {
		a.MonitoringIntervalSeconds = 60
	}
	if a.LogRetentionDays == 0 {
		a.LogRetentionDays = 30
	}
	if err := a.validate(); err != nil {
		return PostgresArgs{}, fmt.Errorf("database %s: %w", name, err)
	}
	return a, nil
}

func setDefault(v *string, def string) {
	if *v == "" {
		*v = def
	}
}

// validate rejects args RDS would refuse, before any resource exists.
func (a *PostgresArgs) validate() error {
	switch {
	case a.VpcID == nil:
		return fmt.Errorf("VpcID is required")
	case a.SubnetIDs == nil:
		return fmt.Errorf("SubnetIDs is required")
	case a.ClientSecurityGroupID == nil:
		return fmt.Errorf("ClientSecurityGroupID is required")
	case a.AlarmTopicArn == nil:
		return fmt.Errorf("AlarmTopicArn is required")
	case !identifierPattern.MatchString(a.Identifier) || len(a.Identifier) > maxIdentifierLength:
		return fmt.Errorf("Identifier %q must be 1-%d lower-case letters, digits and single dashes, starting with a letter", a.Identifier, maxIdentifierLength)
	case !dbNamePattern.MatchString(a.DatabaseName):
		return fmt.Errorf("DatabaseName %q must be lower-case letters, digits and underscores, starting with a letter", a.DatabaseName)
	case !dbNamePattern.MatchString(a.MasterUsername) || a.MasterUsername == "rdsadmin":
		return fmt.Errorf("MasterUsername %q must be lower-case letters, digits and underscores, starting with a letter, not rdsadmin", a.MasterUsername)
	case !versionPattern.MatchString(a.EngineVersion):
		return fmt.Errorf("EngineVersion %q must be 16 or 17, optionally with a minor such as 17.7", a.EngineVersion)
	case !classPattern.MatchString(a.InstanceClass):
		return fmt.Errorf("InstanceClass %q must be an RDS instance class such as db.m7g.large", a.InstanceClass)
	case a.AllocatedStorageGiB < 20 || a.AllocatedStorageGiB > 65536:
		return fmt.Errorf("AllocatedStorageGiB (%d) must be from 20 to 65536", a.AllocatedStorageGiB)
	case a.MaxAllocatedStorageGiB*10 < a.AllocatedStorageGiB*11 || a.MaxAllocatedStorageGiB > 65536:
		return fmt.Errorf("MaxAllocatedStorageGiB (%d) must be at least AllocatedStorageGiB (%d) + 10%% and at most 65536", a.MaxAllocatedStorageGiB, a.AllocatedStorageGiB)
	case a.BackupRetentionDays < 1 || a.BackupRetentionDays > maxRetentionDays:
		return fmt.Errorf("BackupRetentionDays (%d) must be from 1 to %d", a.BackupRetentionDays, maxRetentionDays)
	case !awslimits.ValidDailyWindow(a.BackupWindow):
		return fmt.Errorf("BackupWindow %q must be hh:mm-hh:mm in UTC", a.BackupWindow)
	case !awslimits.ValidWeeklyWindow(a.MaintenanceWindow):
		return fmt.Errorf("MaintenanceWindow %q must be ddd:hh:mm-ddd:hh:mm in UTC", a.MaintenanceWindow)
	case a.ReadReplicas < 0 || a.ReadReplicas > maxReadReplicas:
		return fmt.Errorf("ReadReplicas (%d) must be from 0 to %d", a.ReadReplicas, maxReadReplicas)
	case !awslimits.ValidInsightsRetention(a.PerformanceInsightsRetentionDays):
		return fmt.Errorf("PerformanceInsightsRetentionDays (%d) must be 7, a multiple of 31 up to 713, or 731", a.PerformanceInsightsRetentionDays)
	case !awslimits.ValidMonitoringInterval(a.MonitoringIntervalSeconds):
		return fmt.Errorf("MonitoringIntervalSeconds (%d) must be one of 1, 5, 10, 15, 30, 60", a.MonitoringIntervalSeconds)
	case !awslimits.ValidLogRetention(a.LogRetentionDays):
		return fmt.Errorf("LogRetentionDays (%d) must be a CloudWatch Logs retention: %s", a.LogRetentionDays, awslimits.LogRetentionList())
	case a.DeletionProtection && a.SkipFinalSnapshot:
		return fmt.Errorf("SkipFinalSnapshot contradicts DeletionProtection: a protected database keeps its final snapshot")
	}
	return nil
}

// majorVersion is the PostgreSQL major of an engine version ("17.7" -> "17").
func majorVersion(engineVersion string) string {
	major, _, _ := strings.Cut(engineVersion, ".")
	return major
}
