// Package dbusers gives every IP service its own PostgreSQL role and schema, so a leak in one
// service is that service's data, not the whole database.
//
// No PostgreSQL provider is served to this program, so the roles are made from inside the cluster
// (the only place that reaches the database) by a Kubernetes Job that runs idempotent SQL (sql.go)
// as the RDS master user. NewBootstrap creates, in a namespace of its own (Pod Security
// restricted):
//   - a service account no pod runs as, annotated with the IRSA role NewSecretsRole makes, and
//     a SecretStore that authenticates as it (auth.jwt.serviceAccountRef), plus the ExternalSecret
//     that syncs the RDS-managed master secret: the only copy of it in the cluster, in a
//     namespace no service runs in;
//   - NetworkPolicies: default deny, egress to cluster DNS and to the database subnets on the
//     database port only;
//   - an immutable ConfigMap with the SQL, and a batch/v1 Job whose name carries a short hash of
//     the SQL and the image. A Job's pod template is immutable, so a new hash makes Pulumi replace
//     the Job, which re-runs the SQL; an unchanged one leaves the finished Job alone. The Job is
//     bounded (backoffLimit, activeDeadlineSeconds, requests and limits) and runs as the
//     image's unprivileged postgres user with a read-only root filesystem.
//
// The services connect as their roles with IAM database authentication (rds_iam, and
// rds-db:connect on their Pod Identity roles: ipservice.NewRole), so no service holds a password.
// Their Deployments depend on Bootstrap.Job, which the Kubernetes provider awaits until it
// completes.
//
// NewSecretsRole is the AWS side: create it with the AWS provider and pass its Arn as
// BootstrapArgs.SecretsRoleArn.
package dbusers
