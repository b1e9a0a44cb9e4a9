#!/usr/bin/env bash
# Builds (or reuses) the binaries the real-engine check runs: the Pulumi CLI, its Go language host,
# the Kubernetes provider plugin, etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok. Each comes from its
# own tools module here. Binaries are cached outside the repository, keyed by a hash of the tools
# module (go.mod, go.sum, Go files) and the Go version, so a second run on the same machine builds
# nothing and a version bump rebuilds only what changed.
#
# Usage: build.sh            builds what is missing, prints the bin directory (on stdout, last line)
# Env:   IP_PLATFORM_E2E_CACHE  cache root (default ~/.cache/ip-platform-e2e)
set -euo pipefail

tools_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache_root="${IP_PLATFORM_E2E_CACHE:-$HOME/.cache/ip-platform-e2e}"
bin_dir="$cache_root/bin"
mkdir -p "$bin_dir"

kubernetes_version=v1.36.3
pulumi_version=v3.274.1

# module_key hashes everything that decides a tools module's output.
module_key() {
	local dir="$tools_dir/$1"
	{
		go version
		cat "$dir/go.mod" "$dir/go.sum"
		find "$dir" -maxdepth 1 -name '*.go' -print0 | sort -z | xargs -0 -r cat
	} | sha256sum | cut -c1-16
}

# build MODULE_DIR LDFLAGS PACKAGE... builds the packages into a directory named by the module key
# and links each binary into bin_dir. A finished build is marked by a .done file, so an interrupted
# build is redone, not reused.
build() {
	local module="$1" ldflags="$2"
	shift 2
	local out="$cache_root/$module-$(module_key "$module")"
	if [[ ! -f "$out/.done" ]]; then
		echo "building $module into $out" >&2
		local started=$SECONDS
		rm -rf "$out" && mkdir -p "$out"
		(cd "$tools_dir/$module" && go build -ldflags "$ldflags" -o "$out/" "$@")
		touch "$out/.done"
		echo "built $module in $((SECONDS - started)) s" >&2
	else
		echo "reusing $module from $out" >&2
	fi
	local binary
	for binary in "$out"/*; do
		ln -sfn "$binary" "$bin_dir/$(basename "$binary")"
	done
}

# The provider embeds its schema, which ships in the provider module but not in its package.
# `go list -m -f '{{.Dir}}'` prints an empty path (and exits 0) while the module is not yet in the
# module cache, so download it first and take the folder from what the download reports.
provider_module_dir="$(cd "$tools_dir/pulumi-resource-kubernetes" && go mod download -json github.com/pulumi/pulumi-kubernetes/provider/v4 | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
if [[ -z "$provider_module_dir" || ! -f "$provider_module_dir/cmd/pulumi-resource-kubernetes/schema.json" ]]; then
	echo "build.sh: cannot find the Kubernetes provider module's schema.json (module folder: '${provider_module_dir}');" >&2
	echo "  check that the Go module proxy serves github.com/pulumi/pulumi-kubernetes/provider/v4 (GOPROXY=$(go env GOPROXY))" >&2
	exit 1
fi
install -m 0644 "$provider_module_dir/cmd/pulumi-resource-kubernetes/schema.json" "$tools_dir/pulumi-resource-kubernetes/schema.json"

k8s_stamp="-X k8s.io/component-base/version.gitVersion=$kubernetes_version -X k8s.io/client-go/pkg/version.gitVersion=$kubernetes_version"
build etcd "" .
build controlplane "$k8s_stamp" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler
build kwok "" sigs.k8s.io/kwok/cmd/kwok
build pulumi "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pulumi_version" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
build pulumi-resource-kubernetes "" .

# The Go language host (pulumi-language-go) builds and runs Go programs and Go policy packs for the
# CLI. How the check gets one: a pulumi-language-go already on PATH (every Pulumi CLI install puts
# one beside `pulumi`) is used as it is, and nothing is built; otherwise it is built from its source,
# which no module proxy here serves: IP_PLATFORM_LANGUAGE_GO_SRC, or ../shared/vendor/pulumi-language-go
# beside the repository (or /work/shared/...). The source folder may be read-only: the build writes
# only into the cache.
if existing="$(PATH="${PATH//$bin_dir/}" command -v pulumi-language-go)"; then
	echo "using the language host on PATH: $existing" >&2
	ln -sfn "$existing" "$bin_dir/pulumi-language-go"
else
	repo_root="$(cd "$tools_dir/../../.." && pwd)"
	language_src="${IP_PLATFORM_LANGUAGE_GO_SRC:-}"
	if [[ -z "$language_src" ]]; then
		for candidate in "$repo_root/../shared/vendor/pulumi-language-go" /work/shared/vendor/pulumi-language-go; do
			if [[ -f "$candidate/go.mod" ]]; then language_src="$candidate"; break; fi
		done
	fi
	if [[ -z "$language_src" || ! -f "$language_src/go.mod" ]]; then
		echo "build.sh: no Go language host: put a Pulumi CLI install's pulumi-language-go on PATH, or set" >&2
		echo "  IP_PLATFORM_LANGUAGE_GO_SRC to its source (the sdk/go/pulumi-language-go folder of github.com/pulumi/pulumi)" >&2
		exit 1
	fi
	language_key="$({ go version; cat "$language_src/go.mod" "$language_src/go.sum"; find "$language_src" -name '*.go' -print0 | sort -z | xargs -0 cat; } | sha256sum | cut -c1-16)"
	language_out="$cache_root/pulumi-language-go-$language_key"
	if [[ ! -f "$language_out/.done" ]]; then
		echo "building pulumi-language-go from $language_src into $language_out" >&2
		started=$SECONDS
		rm -rf "$language_out" && mkdir -p "$language_out"
		(cd "$language_src" && go build -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$pulumi_version" -o "$language_out/pulumi-language-go" .)
		touch "$language_out/.done"
		echo "built pulumi-language-go in $((SECONDS - started)) s" >&2
	else
		echo "reusing pulumi-language-go from $language_out" >&2
	fi
	ln -sfn "$language_out/pulumi-language-go" "$bin_dir/pulumi-language-go"
fi

echo "$bin_dir"
