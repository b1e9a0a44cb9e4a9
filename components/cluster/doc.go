// Package cluster builds the EKS control plane and what every later component needs from it: the
// EKS Pod Identity agent, the OIDC provider for the IRSA roles External Secrets' SecretStores still
// need, the EKS-managed add-ons, and a Kubernetes provider for the cluster.
//
// NewCluster creates, in dependency order:
//   - the cluster's IAM role (AmazonEKSClusterPolicy, plus use of the secrets key);
//   - a customer managed KMS key (yearly rotation) that envelope-encrypts Kubernetes Secrets in etcd;
//   - the control-plane log group, created before the cluster so EKS does not create its own with
//     infinite retention, and the api, audit and authenticator logs sent to it;
//   - the cluster itself: private API endpoint always on, public endpoint off unless asked for and
//     then only from listed CIDRs; access through EKS access entries (authentication mode API), with
//     no hidden admin for whoever created it;
//   - an access entry granting cluster admin to AdminRoleArn (the platform admin, who may deploy),
//     and one per AccessEntries item: Kubernetes groups for the personas whose rights are RBAC
//     objects (components/rbac), the cluster-admin access policy for a CI role that runs
//     `pulumi up`; the Kubernetes provider waits for all of them;
//   - the IAM OIDC provider for the cluster's issuer, for the one IRSA consumer left (External
//     Secrets SecretStores that authenticate as their namespace's service account);
//   - the add-ons nodes need to become Ready: eks-pod-identity-agent first, vpc-cni with its own
//     Pod Identity role and association, kube-proxy;
//   - a Kubernetes provider that authenticates with `aws eks get-token`, never a stored credential.
//
// NewAddons creates the add-ons that run as Deployments (coredns, aws-ebs-csi-driver with its Pod
// Identity role). They need schedulable nodes, so the caller creates them after the node pools, the split
// terraform-aws-eks makes with before_compute.
package cluster
