# The few commands people use. Everything here works offline; `preview` and `up` need the Pulumi
# CLI and AWS credentials.
STACK ?= dev

.PHONY: plan plan-json policy test lint bench preview up ci

plan: ## offline plan of STACK: resource tree and counts, no cloud needed
	go run ./cmd/plan --stack $(STACK)

plan-json: ## offline plan of STACK as JSON with resolved inputs (secrets redacted)
	go run ./cmd/plan --stack $(STACK) --json

policy: ## the policy pack (policies/) on the offline plan of STACK; exit 1 on a mandatory violation
	go run ./cmd/plan --stack $(STACK) --policy

test: ## unit, stack and documentation tests
	go test ./...

lint: ## formatting and vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	go vet ./...

bench: ## the whole prod program under mocks
	go test ./tests -run '^$$' -bench BenchmarkPlanProd -benchmem

preview: ## real preview of STACK (Pulumi CLI + AWS credentials)
	pulumi preview --stack $(STACK) --diff

up: ## deploy STACK (Pulumi CLI + AWS credentials)
	pulumi up --stack $(STACK)

ci: ## what CI runs
	bash .ci/run
