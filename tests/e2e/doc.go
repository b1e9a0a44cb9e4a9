//go:build e2e

// Package e2e is the real-engine check: each stack's Kubernetes layer, with the stack's real config
// and every Helm release, goes through the real `pulumi` CLI, its Go language host and the policy
// pack (`--policy-pack policies`), and the real Kubernetes provider, into a real kube-apiserver
// (with etcd, kube-controller-manager, kube-scheduler and kwok's fake nodes, all on loopback), with
// named stand-ins for what needs AWS or a pod network (standins.go). Mocks accept anything; the API
// server rejects malformed quantities, unknown fields, objects that break Pod Security and wrong
// references, and the engine enforces the pack.
//
// Run it with `make e2e` (build tag e2e, so plain `go test ./...` stays fast). The binaries are built
// from the tools modules under tools/ and cached outside the repository (tools/build.sh).
package e2e
