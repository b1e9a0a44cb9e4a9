// Package backup builds the disaster-recovery copy of the platform's data: an AWS Backup vault
// encrypted with its own KMS key, a daily plan with a retention, a selection of the resources to
// back up (the PostgreSQL instance) and, optionally, a copy of every recovery point to a vault in a
// DR region.
//
// These recovery points are independent of RDS's own automated backups: they survive the deletion
// of the instance and, copied to another region, the loss of the region. The DR vault is created
// through the provider the caller passes in DrProvider (a provider for the DR region); the
// component builds no provider of its own.
package backup
