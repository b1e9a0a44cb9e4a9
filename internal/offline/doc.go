// Package offline runs the program's real code under Pulumi's Go mocks and records every resource it
// registers, with its inputs fully resolved.
//
// It is the one recording-mocks helper shared by the component unit tests, the stack tests and the
// offline plan command (cmd/plan): no cloud, no credentials and no Pulumi CLI are needed. The mocks
// answer like a cautious provider would at preview time: a resource's state is its inputs plus the
// handful of computed attributes (ARNs, IDs, the EKS OIDC issuer) that other resources consume, so
// values derived from them (trust policies, kubeconfig) resolve to realistic strings.
package offline
