// Package platform is the program's table of contents: it loads the stack's configuration, builds
// the components in dependency order (network, cluster, node pools, add-ons that need nodes, node
// autoscaling) and exports the stack outputs. main.go and the offline plan both run Run, so what the
// plan shows is what `pulumi up` builds.
package platform
