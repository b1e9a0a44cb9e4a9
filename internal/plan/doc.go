// Package plan is the offline plan: it loads Pulumi.yaml and a stack file, runs the program's real
// code under recording mocks (no cloud, no credentials, no Pulumi CLI) and prints what `pulumi
// preview` would create, as a tree with counts per type or as JSON. It is the first command for
// anyone without an AWS account and the pull-request check for forks, which get no credentials.
package plan
