// Package cache builds the platform's Redis: an ElastiCache for Redis OSS replication group (cluster
// mode off: one shard, a primary and 0 to 5 replicas spread over the zones) in the isolated subnets.
//
// With replicas, automatic failover and Multi-AZ are on: ElastiCache promotes a replica in another
// zone when the primary fails, and the primary endpoint follows it. Data is encrypted at rest with a
// customer managed KMS key and in transit (TLS required).
//
// Authentication is IAM through ElastiCache RBAC: the replication group's user group holds the
// mandatory "default" user, switched off, and one application user whose authentication mode is
// iam. A service authenticates with a short-lived token it signs with its own IAM role (IRSA) and
// is allowed in by an elasticache:Connect grant on the replication group and the user. No AUTH
// token or password exists anywhere: not in config, code, state or Secrets Manager. The secret at
// AuthSecretArn holds the connection settings a client needs (endpoints, port, user, "iam"), not a
// credential.
//
// Slow log and engine log go to CloudWatch Logs with a retention; alarms on CPU, memory,
// evictions and replication lag notify an SNS topic.
package cache
