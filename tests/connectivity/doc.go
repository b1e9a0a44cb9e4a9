// Package connectivity checks each stack's NetworkPolicies with a real NetworkPolicy engine: the
// matcher of cyclonus (github.com/mattfenwick/cyclonus, the engine behind Kubernetes SIG Network's
// policy-assistant), fed the policies of the offline plan (`go run ./cmd/plan --stack <s> --json`)
// and asked, connection by connection, what the policies allow between the services' pods, the
// chart-made pods they talk to (DNS, Prometheus, the OpenTelemetry collector), the load
// balancer's subnets, the data tier's subnets and the link-local endpoints of a node.
//
// It is a module of its own so the program's go.mod does not carry cyclonus and its Kubernetes
// client libraries; `.ci/run` runs it with the README's test command.
package connectivity
