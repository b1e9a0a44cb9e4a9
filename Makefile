# The few commands people use. Everything here works offline; `preview` and `up` need the Pulumi
# CLI and AWS credentials.
STACK ?= dev

.PHONY: plan plan-json cost policy charts charts-check rules test connectivity lint bench e2e e2e-tools preview up ci

plan: ## offline plan of STACK: resource tree and counts, no cloud needed
	go run ./cmd/plan --stack $(STACK)

plan-json: ## offline plan of STACK as JSON with resolved inputs (secrets redacted)
	go run ./cmd/plan --stack $(STACK) --json

cost: ## monthly cost estimate of STACK (USD, 730 h) from the embedded price table and assumptions
	go run ./cmd/plan --stack $(STACK) --cost

policy: ## the policy pack (policies/) on the offline plan of STACK; exit 1 on a mandatory violation
	go run ./cmd/plan --stack $(STACK) --policy

charts: ## the pinned Helm charts (name, version, repository), to fill a mirror
	go run ./cmd/plan --charts

charts-check: ## pinned charts and every value path the stacks set, against IP_PLATFORM_CHART_REPOSITORY (default: upstream)
	go test -tags charts -count=1 -v ./tests/charts

rules: ## every stack's PrometheusRules through promtool check rules and test rules (builds promtool into .bin/ once)
	bash tools/promtool/check.sh

test: ## unit, stack and documentation tests
	go test ./...

connectivity: ## each stack's NetworkPolicies through a real NetworkPolicy engine (its own module)
	cd tests/connectivity && go test ./...

lint: ## formatting and vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	go vet ./...
	go vet -tags e2e ./tests/e2e

bench: ## the whole prod program under mocks, and pricing and diffing the prod plan
	go test ./tests -run '^$$' -bench 'BenchmarkPlanProd|BenchmarkPriceAndDiffProd' -benchmem

e2e-tools: ## build (or reuse) the real-engine check's binaries; prints their directory
	bash tests/e2e/tools/build.sh

e2e: e2e-tools ## each stack's Kubernetes layer, every Helm release included, into a local control plane (charts from IP_PLATFORM_CHART_REPOSITORY or IP_PLATFORM_CHART_MIRROR_DIR; default upstream)
	go test -tags e2e -count=1 -timeout 30m -v ./tests/e2e

preview: ## real preview of STACK (Pulumi CLI + AWS credentials)
	pulumi preview --stack $(STACK) --diff

up: ## deploy STACK (Pulumi CLI + AWS credentials)
	pulumi up --stack $(STACK)

ci: ## what CI runs
	bash .ci/run
