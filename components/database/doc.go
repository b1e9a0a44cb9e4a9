// Package database builds the platform's PostgreSQL: one Amazon RDS for PostgreSQL DB instance in
// the isolated subnets, optionally Multi-AZ (a synchronous standby in another zone that RDS fails
// over to) and with optional read replicas.
//
// Around the instance it builds what running it safely needs: a customer managed KMS key (rotated)
// for storage, Performance Insights and the master user secret; a DB subnet group over the isolated
// subnets; a security group admitting 5432 only from the cluster's security group; a parameter group
// forcing TLS and logging slow statements, connections and lock waits; an enhanced monitoring role;
// log groups with a retention for the exported logs; and CloudWatch alarms (CPU, free storage,
// freeable memory, connections, replica lag) that notify an SNS topic.
//
// The master password is generated, stored and rotated by RDS in Secrets Manager
// (manage_master_user_password): it never exists in config, code or Pulumi state. Consumers get the
// secret's ARN.
package database
