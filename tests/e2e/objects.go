//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
)

// kubeObject is one Kubernetes object a stack created, as its state records it.
type kubeObject struct {
	APIVersion, Kind, Namespace, Name string
}

func (o kubeObject) String() string {
	if o.Namespace == "" {
		return o.Kind + " " + o.Name
	}
	return o.Kind + " " + o.Namespace + "/" + o.Name
}

// objectsInState lists the Kubernetes objects in the stack's state, from their recorded outputs.
func objectsInState(ctx context.Context, s auto.Stack) ([]kubeObject, error) {
	exported, err := s.Export(ctx)
	if err != nil {
		return nil, err
	}
	return objectsInDeployment(exported.Deployment)
}

// objectsInDeployment lists the Kubernetes objects in an exported deployment (the stack's state).
func objectsInDeployment(exported json.RawMessage) ([]kubeObject, error) {
	var deployment apitype.DeploymentV3
	if err := json.Unmarshal(exported, &deployment); err != nil {
		return nil, err
	}
	var out []kubeObject
	for _, r := range deployment.Resources {
		if !r.Custom || !strings.HasPrefix(string(r.Type), "kubernetes:") || strings.HasPrefix(string(r.Type), "pulumi:providers:") {
			continue
		}
		meta, _ := r.Outputs["metadata"].(map[string]any)
		apiVersion, _ := r.Outputs["apiVersion"].(string)
		kind, _ := r.Outputs["kind"].(string)
		name, _ := meta["name"].(string)
		namespace, _ := meta["namespace"].(string)
		if apiVersion == "" || kind == "" || name == "" {
			continue
		}
		out = append(out, kubeObject{APIVersion: apiVersion, Kind: kind, Namespace: namespace, Name: name})
	}
	return out, nil
}

// discovery maps "apiVersion/Kind" to the resource's plural name and scope, from the API server.
type discovery map[string]struct {
	plural     string
	namespaced bool
}

func (c *kubeClient) discover(ctx context.Context, apiVersion string, d discovery) error {
	base := "/apis/" + apiVersion
	if apiVersion == "v1" {
		base = "/api/v1"
	}
	var list struct {
		Resources []struct {
			Name       string `json:"name"`
			Kind       string `json:"kind"`
			Namespaced bool   `json:"namespaced"`
		} `json:"resources"`
	}
	if err := c.get(ctx, base, &list); err != nil {
		return err
	}
	for _, r := range list.Resources {
		if strings.Contains(r.Name, "/") {
			continue // a subresource
		}
		d[apiVersion+"/"+r.Kind] = struct {
			plural     string
			namespaced bool
		}{r.Name, r.Namespaced}
	}
	return nil
}

// path is the object's REST path.
func (c *kubeClient) path(ctx context.Context, d discovery, o kubeObject) (string, error) {
	key := o.APIVersion + "/" + o.Kind
	if _, ok := d[key]; !ok {
		if err := c.discover(ctx, o.APIVersion, d); err != nil {
			return "", fmt.Errorf("%s: discovery: %w", o, err)
		}
	}
	r, ok := d[key]
	if !ok {
		return "", fmt.Errorf("%s: the API server does not serve %s", o, key)
	}
	base := "/apis/" + o.APIVersion
	if o.APIVersion == "v1" {
		base = "/api/v1"
	}
	if r.namespaced {
		base += "/namespaces/" + url.PathEscape(o.Namespace)
	}
	return base + "/" + r.plural + "/" + url.PathEscape(o.Name), nil
}

// leftovers returns the objects that still exist (namespaces still terminating count as left
// behind only if they outlive the grace period).
func leftovers(ctx context.Context, c *kubeClient, objects []kubeObject) ([]string, error) {
	d := discovery{}
	deadline := time.Now().Add(30 * time.Second)
	for {
		var left []string
		for _, o := range objects {
			path, err := c.path(ctx, d, o)
			if isNotFound(errors.Unwrap(err)) {
				continue // the API is gone with its CRD, and so is every object of it
			}
			if err != nil {
				return nil, err
			}
			err = c.get(ctx, path, nil)
			switch {
			case isNotFound(err):
			case err != nil:
				return nil, err
			default:
				left = append(left, o.String())
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			sort.Strings(left)
			return left, nil
		}
		time.Sleep(time.Second)
	}
}

// failedCreates watches for FailedCreate events (a controller could not create pods: Pod Security
// refused them, a quota was exceeded, a LimitRange was violated) and calls report once with the
// first, naming the object and quoting the API server. The Kubernetes provider would otherwise
// wait for the rollout until its timeout: the Deployment itself was admitted, only its pods were
// not.
func failedCreates(ctx context.Context, c *kubeClient, report func(string)) {
	every(ctx, time.Second, func() bool {
		var list struct {
			Items []struct {
				Reason         string `json:"reason"`
				Message        string `json:"message"`
				InvolvedObject struct {
					Kind, Namespace, Name string
				} `json:"involvedObject"`
			} `json:"items"`
		}
		if err := c.get(ctx, "/api/v1/events?fieldSelector=reason%3DFailedCreate", &list); err != nil {
			return true
		}
		for _, ev := range list.Items {
			o := ev.InvolvedObject
			report(fmt.Sprintf("%s %s/%s: %s", o.Kind, o.Namespace, o.Name, ev.Message))
			return false
		}
		return true
	})
}

// stateRelease is a Helm release as the stack's state records it.
type stateRelease struct{ Name, Chart, Version, Repo string }

func (r stateRelease) String() string {
	return fmt.Sprintf("%s (%s %s from %s)", r.Name, r.Chart, r.Version, r.Repo)
}

// releasesInDeployment lists the Helm releases in an exported deployment, by name.
func releasesInDeployment(exported json.RawMessage) ([]stateRelease, error) {
	var deployment apitype.DeploymentV3
	if err := json.Unmarshal(exported, &deployment); err != nil {
		return nil, err
	}
	var out []stateRelease
	for _, r := range deployment.Resources {
		if string(r.Type) != "kubernetes:helm.sh/v3:Release" {
			continue
		}
		var rel stateRelease
		rel.Name, _ = r.Outputs["name"].(string)
		rel.Chart, _ = r.Outputs["chart"].(string)
		rel.Version, _ = r.Outputs["version"].(string)
		if opts, ok := r.Outputs["repositoryOpts"].(map[string]any); ok {
			rel.Repo, _ = opts["repo"].(string)
		}
		out = append(out, rel)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
