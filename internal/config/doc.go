// Package config turns a stack's configuration into one typed, validated Config.
//
// It is the only place that reads stack configuration. Keys live under the "ip-platform:" namespace;
// structured values (network, cluster, nodePools, ...) arrive from the engine as JSON. Defaults come
// from the environment's profile (dev, staging, prod) and the stack file overrides them. Every
// invalid value is reported before any resource is registered, each error naming the key path and
// what is allowed, e.g. "ip-platform:nodePools[1].maxSize must be >= minSize (3), got 2".
package config
