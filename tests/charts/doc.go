// Package charts checks the program's Helm releases against the real charts, from a chart
// repository: every pinned chart and version is in it, and every value path any stack sets is in
// its chart. It needs a repository, so it is behind the `charts` build tag and plain `go test ./...`
// stays offline:
//
//	go test -tags charts ./tests/charts                       # the charts' upstream repositories
//	IP_PLATFORM_CHART_REPOSITORY=http://127.0.0.1:8879 \
//	  go test -tags charts ./tests/charts                     # a mirror (what .ci/run does)
//
// serve/ is the loopback chart server .ci/run starts over ../shared/charts.
package charts
