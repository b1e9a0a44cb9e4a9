#!/usr/bin/env bash
# Builds (or reuses) the binaries the real-engine check runs: the Pulumi CLI, the Kubernetes provider
# plugin, etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok. Each comes from its
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

kubernetes_version=v1.35.4
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

echo "$bin_dir"
