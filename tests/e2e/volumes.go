//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// volumeBinder stands in for the EBS CSI driver, which provisions a gp3 volume for each claim in
// a real cluster and cannot run without AWS: for every PersistentVolumeClaim still unbound it
// creates a PersistentVolume of the claim's class, size and access modes, bound in advance to that
// claim (claimRef), and kube-controller-manager's volume controller binds the two as it binds a
// provisioned volume. The volume's source is a hostPath nothing reads (kwok's pods mount nothing).
type volumeBinder struct {
	mu    sync.Mutex
	bound []string // namespace/claim (size, class)
}

// Bound lists the claims the binder gave a volume, for the run's summary.
func (b *volumeBinder) Bound() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.bound...)
}

func (b *volumeBinder) run(ctx context.Context, c *kubeClient) {
	made := map[string]bool{}
	every(ctx, 500*time.Millisecond, func() bool {
		var list struct {
			Items []struct {
				Metadata struct{ Name, Namespace, UID string } `json:"metadata"`
				Spec     struct {
					AccessModes      []string `json:"accessModes"`
					StorageClassName *string  `json:"storageClassName"`
					VolumeName       string   `json:"volumeName"`
					VolumeMode       string   `json:"volumeMode"`
					Resources        struct {
						Requests map[string]string `json:"requests"`
					} `json:"resources"`
				} `json:"spec"`
				Status struct {
					Phase string `json:"phase"`
				} `json:"status"`
			} `json:"items"`
		}
		if err := c.get(ctx, "/api/v1/persistentvolumeclaims", &list); err != nil {
			return true
		}
		for _, claim := range list.Items {
			m := claim.Metadata
			if claim.Spec.VolumeName != "" || claim.Status.Phase == "Bound" || made[m.UID] {
				continue
			}
			class := ""
			if claim.Spec.StorageClassName != nil {
				class = *claim.Spec.StorageClassName
			}
			size := claim.Spec.Resources.Requests["storage"]
			name := "e2e-" + strings.ToLower(m.UID)
			pv := map[string]any{
				"apiVersion": "v1", "kind": "PersistentVolume",
				"metadata": map[string]any{"name": name, "labels": map[string]string{fakeNodeLabel: "volume"}},
				"spec": map[string]any{
					"capacity":                      map[string]string{"storage": size},
					"accessModes":                   claim.Spec.AccessModes,
					"storageClassName":              class,
					"persistentVolumeReclaimPolicy": "Retain",
					"hostPath":                      map[string]string{"path": "/var/lib/e2e-volumes/" + name},
					"claimRef": map[string]string{
						"apiVersion": "v1", "kind": "PersistentVolumeClaim",
						"namespace": m.Namespace, "name": m.Name, "uid": m.UID,
					},
				},
			}
			if claim.Spec.VolumeMode != "" {
				pv["spec"].(map[string]any)["volumeMode"] = claim.Spec.VolumeMode
			}
			if err := c.do(ctx, http.MethodPost, "/api/v1/persistentvolumes", "", pv, nil); err != nil {
				continue
			}
			made[m.UID] = true
			b.mu.Lock()
			b.bound = append(b.bound, fmt.Sprintf("%s/%s (%s, class %q)", m.Namespace, m.Name, size, class))
			b.mu.Unlock()
		}
		return true
	})
}
