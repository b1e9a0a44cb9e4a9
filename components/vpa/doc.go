// Package vpa installs the Vertical Pod Autoscaler's recommender and the resource metrics it (and
// every HorizontalPodAutoscaler) reads.
//
// Two pinned Helm releases, installed through internal/charts:
//   - metrics-server, the source of the metrics.k8s.io API: EKS does not run it by default, and
//     without it neither an HPA nor the VPA recommender sees any CPU or memory usage;
//   - the Fairwinds VPA chart with only the recommender and its CRDs. The services' VPAs run in
//     recommendation-only mode (updateMode "Off", see components/ipservice), so the updater (which
//     evicts pods to resize them) and the admission controller (a mutating webhook on every pod
//     creation) would add risk and nothing else; both are off. Its namespace is created by the
//     component, Pod Security restricted, not by Helm.
//
// Pass the Kubernetes provider in opts; children inherit it.
package vpa
