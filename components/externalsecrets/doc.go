// Package externalsecrets installs the External Secrets Operator (ESO), which copies secrets from
// AWS Secrets Manager into Kubernetes Secrets, so no credential is ever written into stack config,
// a Helm value or a manifest.
//
// It has two sides, built apart so the Kubernetes side runs against any cluster given the AWS
// values: NewRole creates the EKS Pod Identity role and association (components/podidentity) of
// the operator's service account, and NewOperator creates the operator's namespace (Pod Security
// restricted) and installs, through internal/charts, the upstream chart pinned exactly, with its
// CRDs, running as that service account.
//
// Services do not use the operator's role: each service's SecretStore authenticates with a
// service account of the service's own namespace (IRSA, the one consumer Pod Identity cannot
// serve: see components/podidentity), so the operator can read a service's secrets only on that
// service's behalf. The operator's own role may read only the platform's shared path
// (ip-platform/<stack>/platform/*), for cluster-wide stores; it holds nothing else.
//
// Pass the AWS provider to NewRole and the Kubernetes provider to NewOperator in opts; children
// inherit them.
package externalsecrets
