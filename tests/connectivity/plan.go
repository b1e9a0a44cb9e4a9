package connectivity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	networkingv1 "k8s.io/api/networking/v1"
)

// resource is one resource of the offline plan's JSON.
type resource struct {
	Type   string          `json:"type"`
	Name   string          `json:"name"`
	Inputs json.RawMessage `json:"inputs"`
}

// stackPlan is what the connectivity cases need from one stack's offline plan.
type stackPlan struct {
	policies []*networkingv1.NetworkPolicy
	// podLabels are the pod template labels of every Deployment, by namespace.
	podLabels map[string][]map[string]string
	// namespaceLabels are the labels of the namespaces the program creates.
	namespaceLabels map[string]map[string]string
	// subnets are the VPC's subnet CIDRs by tier (public, private, isolated).
	subnets map[string][]netip.Prefix
}

// repositoryRoot is the program's module: two folders up from this package.
func repositoryRoot() (string, error) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		return "", err
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !strings.HasPrefix(string(mod), "module github.com/ip-platform/infra\n") {
		return "", fmt.Errorf("%s is not the ip-platform module: run this test from tests/connectivity of a checkout", root)
	}
	return root, nil
}

// planStack runs the program's offline plan of stack, the command a user runs, and reads it.
func planStack(stack string) (*stackPlan, error) {
	root, err := repositoryRoot()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("go", "run", "./cmd/plan", "--stack", stack, "--json")
	cmd.Dir = root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go run ./cmd/plan --stack %s --json: %v\n%s", stack, err, stderr.String())
	}
	var doc struct {
		Resources []resource `json:"resources"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		return nil, fmt.Errorf("plan of %s: %w", stack, err)
	}
	return readPlan(doc.Resources)
}

func readPlan(resources []resource) (*stackPlan, error) {
	p := &stackPlan{podLabels: map[string][]map[string]string{}, namespaceLabels: map[string]map[string]string{}, subnets: map[string][]netip.Prefix{}}
	for _, r := range resources {
		switch r.Type {
		case "kubernetes:networking.k8s.io/v1:NetworkPolicy":
			var np networkingv1.NetworkPolicy
			if err := json.Unmarshal(r.Inputs, &np); err != nil {
				return nil, fmt.Errorf("NetworkPolicy %s: %w", r.Name, err)
			}
			p.policies = append(p.policies, &np)
		case "kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:Job":
			var d struct {
				Metadata struct{ Namespace string }
				Spec     struct {
					Template struct {
						Metadata struct{ Labels map[string]string }
					}
				}
			}
			if err := json.Unmarshal(r.Inputs, &d); err != nil {
				return nil, fmt.Errorf("%s %s: %w", r.Type, r.Name, err)
			}
			p.podLabels[d.Metadata.Namespace] = append(p.podLabels[d.Metadata.Namespace], d.Spec.Template.Metadata.Labels)
		case "kubernetes:core/v1:Namespace":
			var ns struct {
				Metadata struct {
					Name   string
					Labels map[string]string
				}
			}
			if err := json.Unmarshal(r.Inputs, &ns); err != nil {
				return nil, fmt.Errorf("Namespace %s: %w", r.Name, err)
			}
			p.namespaceLabels[ns.Metadata.Name] = ns.Metadata.Labels
		case "aws:ec2/subnet:Subnet":
			var s struct {
				CidrBlock string            `json:"cidrBlock"`
				Tags      map[string]string `json:"tags"`
			}
			if err := json.Unmarshal(r.Inputs, &s); err != nil {
				return nil, fmt.Errorf("subnet %s: %w", r.Name, err)
			}
			prefix, err := netip.ParsePrefix(s.CidrBlock)
			if err != nil {
				return nil, fmt.Errorf("subnet %s: %w", r.Name, err)
			}
			p.subnets[s.Tags["tier"]] = append(p.subnets[s.Tags["tier"]], prefix)
		}
	}
	return p, nil
}

// hostIn is the nth address inside prefix, such as a load balancer node, a database or a pod.
func hostIn(prefix netip.Prefix, n int) string {
	a := prefix.Addr()
	for range n {
		a = a.Next()
	}
	return a.String()
}
