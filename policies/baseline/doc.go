// Package baseline is ip-platform's policy pack: the resource limits and the security baseline every
// stack must meet, as judgements over resource properties.
//
// Each policy is a pure function over property.Map (the engine's view of a resource's inputs),
// reading values with accessors that treat a missing value as the provider's default and an unknown
// one (computed at preview time) as "cannot judge yet", so a preview never fails on a value that is
// not known. Two thin front ends run the same functions:
//
//   - NewPack wraps them as a policyx.PolicyPack for the Pulumi engine (policies/main.go):
//     `pulumi preview --policy-pack policies`;
//   - Evaluate runs them over a list of resources, which is what the offline plan does with the
//     resources recorded under mocks (`go run ./cmd/plan --stack prod --policy`).
//
// The environment a resource belongs to comes from its tags (the AWS provider's default tags carry
// `environment`), and for Kubernetes objects and stack-wide policies from the stack name.
package baseline
