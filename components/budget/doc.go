// Package budget records a stack's monthly budget in the stack itself, as a component with no
// children: ip-platform:budget:Budget.
//
// The policy pack judges the stack's estimated cost against it (policies/baseline, monthly-budget).
// Stack policies of the Policy SDK in go.mod get no configuration, so the budget cannot reach the
// pack as policy config; it reaches it the way the pack learns every other stack-level fact, from
// the resources it is shown: offline from this component's inputs (RegisterComponentResourceV2
// records them), in the engine from its registered outputs, which AnalyzeStack hands to stack
// policies. Both carry the same three values, so the offline run and the engine agree. Nothing is
// created in AWS.
package budget
