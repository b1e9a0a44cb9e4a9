// Package cache builds the platform's cache: an ElastiCache replication group running Valkey (the
// default) or Redis OSS, both speaking the Redis protocol (cluster mode off: one shard, a primary
// and 0 to 5 replicas spread over the zones) in the isolated subnets.
//
// The engine decides the engine version, the parameter group family (valkey7, valkey8 or redis7)
// and the descriptions; endpoints, port, TLS, IAM authentication, logs and alarms are the same for
// both, so clients do not change. A Redis OSS group switches to Valkey in place (ElastiCache's
// cross-engine upgrade); there is no way back short of a new group restored from a snapshot.
//
// With replicas, automatic failover and Multi-AZ are on: ElastiCache promotes a replica in another
// zone when the primary fails, and the primary endpoint follows it. Data is encrypted at rest with a
// customer managed KMS key and in transit (TLS required).
//
// Authentication is IAM through ElastiCache RBAC: the replication group's user group holds the
// mandatory "default" user, switched off, and one application user whose authentication mode is
// iam. A service authenticates with a short-lived token it signs with its own IAM role and is
// allowed in by an elasticache:Connect grant on the replication group and the user. No AUTH
// token or password exists anywhere: not in config, code, state or Secrets Manager. The secret at
// AuthSecretArn holds the connection settings a client needs (endpoints, port, user, "iam"), not a
// credential.
//
// Slow log and engine log go to CloudWatch Logs with a retention; alarms on CPU, memory,
// evictions and replication lag notify an SNS topic.
package cache
