// Package irsa builds IAM roles for Kubernetes service accounts (IRSA): an IAM role that exactly one
// service account of one cluster can assume through the cluster's OIDC provider, with the managed
// policies and the optional inline policy the workload needs.
//
// Every add-on and workload that calls AWS (the VPC CNI, the EBS CSI driver, cluster-autoscaler,
// External Secrets, Loki...) gets its own Role, so each holds only its own permissions and the nodes'
// instance role stays minimal: a pod that escapes to the node cannot borrow them.
//
// The trust policy pins both the token's subject (system:serviceaccount:<namespace>:<name>) and its
// audience (sts.amazonaws.com): without the subject condition any service account of the cluster
// could assume the role.
package irsa
