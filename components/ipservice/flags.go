package ipservice

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// flagPrefix namespaces the flags among the container's environment variables.
const flagPrefix = "FLAG_"

// flagsChecksum is a digest of the flags, independent of map order. It goes on the pod template as
// an annotation: a pod reads its environment once, so without a change to the template a flag
// change would wait for the next unrelated rollout.
func flagsChecksum(flags map[string]string) string {
	keys := make([]string, 0, len(flags))
	for k := range flags {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		// Length-prefixed so that {"a": "b=c"} and {"a=b": "c"} cannot collide.
		fmt.Fprintf(&b, "%d:%s=%d:%s\n", len(k), k, len(flags[k]), flags[k])
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// newFlags creates the service's feature-flag ConfigMap, also when there are no flags, so turning
// the first flag on is an update rather than a new object the pods do not yet reference.
func newFlags(ctx *pulumi.Context, name string, a ServiceArgs, ns pulumi.StringInput, opts ...pulumi.ResourceOption) (*corev1.ConfigMap, error) {
	return corev1.NewConfigMap(ctx, name+"-flags", &corev1.ConfigMapArgs{
		Metadata: &metav1.ObjectMetaArgs{
			Name:      pulumi.String(a.ServiceName + "-flags"),
			Namespace: ns,
			Labels:    pulumi.ToStringMap(serviceLabels(a.ServiceName)),
		},
		Data: pulumi.ToStringMap(a.FeatureFlags),
	}, opts...)
}
