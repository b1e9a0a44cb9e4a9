// Package podidentity builds the IAM role of one Kubernetes service account: an EKS Pod Identity
// role with its pod identity association (NewRole), and, for the one kind of consumer that cannot
// use Pod Identity, an IRSA role (NewTokenRole).
//
// Every add-on and workload that calls AWS (the VPC CNI, the EBS CSI driver, cluster-autoscaler,
// the load balancer controller, External Secrets, Loki, the IP services) gets its own Role, so each
// holds only its own permissions and the nodes' instance role stays minimal: a pod that escapes to
// the node cannot borrow them.
//
// Pod Identity (NewRole): the role trusts pods.eks.amazonaws.com, and the association binds it to
// one namespace and service account of one cluster. Pods get their credentials from the pod
// identity agent on their node (169.254.170.23:80), never from STS or the node's instance
// metadata, and the service account carries no role annotation. The trust policy also requires
// the session tags EKS Pod Identity sets (eks-cluster-name, kubernetes-namespace,
// kubernetes-service-account): without them any association in the account, on any cluster, could
// name the role.
//
// IRSA (NewTokenRole) is kept only for External Secrets Operator SecretStores that authenticate as
// a namespace's own service account (auth.jwt.serviceAccountRef): ESO requests that account's token
// and exchanges it with STS AssumeRoleWithWebIdentity, and Pod Identity cannot serve a token
// exchanged by another pod (external-secrets/external-secrets#2951). That keeps the tenant
// isolation of a namespaced SecretStore: it can only authenticate as accounts of its own namespace.
// Its trust policy pins the token's subject and audience.
package podidentity
