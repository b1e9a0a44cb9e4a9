// Package tests holds the stack-level tests: they run the whole program on each real
// Pulumi.<stack>.yaml under mocks and assert the environment's invariants, keep the README and
// Pulumi.yaml in step with the config package, and benchmark a full prod plan.
package tests
