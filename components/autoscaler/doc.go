// Package autoscaler installs the Kubernetes cluster-autoscaler, which grows and shrinks the
// cluster's managed node groups (components/nodepool) as pods become unschedulable or nodes sit
// underused.
//
// It has two sides, built apart so the Kubernetes side runs against any cluster given the AWS
// values: NewRole creates the EKS Pod Identity role and association (components/podidentity) of
// the service account kube-system/cluster-autoscaler, and NewClusterAutoscaler installs, through
// internal/charts, a Helm release of the upstream chart running as that service account (no role
// annotation: the association is the binding),
// pinned to the version whose cluster-autoscaler matches the cluster's Kubernetes minor version
// (the autoscaler embeds the scheduler and must not drift from the control plane).
//
// The role may only change the size of Auto Scaling groups tagged as this cluster's
// (k8s.io/cluster-autoscaler/<cluster> = owned, which EKS sets on every managed node group), so an
// autoscaler cannot resize another cluster's nodes in the same account; everything else it holds
// is read-only discovery. Node groups are found by those same tags (autoDiscovery.clusterName), so
// a new pool needs no change here.
//
// The chart values are built as typed Go (values.go), not YAML text. Pass the AWS provider to
// NewRole and the Kubernetes provider to NewClusterAutoscaler in opts; children inherit them.
package autoscaler
