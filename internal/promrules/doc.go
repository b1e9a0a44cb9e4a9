// Package promrules is the shape of the Prometheus rules the program creates (a PrometheusRule's
// groups) together with their promtool unit tests, so that every alert travels with the input
// series that must fire it and the series that must not. The program puts the groups into
// PrometheusRule objects; `go run ./cmd/plan --rules DIR` writes each object's groups as a rule
// file and its cases as a `promtool test rules` file beside it, which .ci/run checks with the
// promtool of tools/promtool.
package promrules
