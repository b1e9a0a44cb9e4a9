// Package cost prices a planned stack: every resource the offline plan recorded, with its resolved
// inputs, against a price table kept in the repository (prices.json, embedded) and the per-stack
// usage assumptions (assumptions.yaml, embedded), in USD at 730 hours a month.
//
// It is plain Go over plain values (the --json plan's shape), so the offline plan, the pull-request
// diff of two plan files and the policy pack in the engine all price a stack with the same code.
// A resource type AWS bills for and this package cannot price is reported as not priced, with the
// reason, and never counted as zero; a type AWS does not bill for is listed as free with the reason.
package cost
