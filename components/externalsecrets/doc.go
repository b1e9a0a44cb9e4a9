// Package externalsecrets installs the External Secrets Operator (ESO), which copies secrets from
// AWS Secrets Manager into Kubernetes Secrets, so no credential is ever written into stack config,
// a Helm value or a manifest.
//
// It builds an IRSA role (components/irsa) for the operator's service account and a Helm release of
// the upstream chart, pinned exactly, with its CRDs. Services do not use the operator's role: each
// service's SecretStore authenticates as the service's own service account (see
// components/ipservice), so the operator can read a service's secrets only on that service's
// behalf. The operator's own role may read only the platform's shared path
// (ip-platform/<stack>/platform/*), for cluster-wide stores; it holds nothing else.
//
// Pass the AWS and Kubernetes providers in opts (pulumi.Providers(aws, k8s)); children inherit them.
package externalsecrets
