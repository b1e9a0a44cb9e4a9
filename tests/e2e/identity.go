//go:build e2e

package e2e

import (
	"context"
	"slices"
	"sort"

	"github.com/ip-platform/infra/internal/config"
)

// roleArnAnnotation is IRSA's service account annotation.
const roleArnAnnotation = "eks.amazonaws.com/role-arn"

// podIdentityAccounts are the service accounts this cluster's pod identity associations name (the
// AWS layer makes them; components/podidentity), as namespace/name, leaving out the EKS add-ons'
// (aws-node, ebs-csi-controller-sa), which a local control plane does not run.
func podIdentityAccounts(cfg *config.Config) []string {
	out := []string{"kube-system/cluster-autoscaler", "kube-system/aws-load-balancer-controller", "external-secrets/external-secrets"}
	for _, svc := range cfg.Services {
		out = append(out, svc.Name+"/"+svc.Name)
	}
	if cfg.Observability.LokiMode == config.LokiSimpleScalable {
		out = append(out, "observability/loki")
	}
	return out
}

// tokenAccounts are the service accounts that keep an IRSA role: those External Secrets'
// SecretStores authenticate as.
func tokenAccounts(cfg *config.Config) []string {
	out := []string{"observability/grafana-secrets", "db-bootstrap/db-bootstrap-secrets"}
	for _, svc := range cfg.Services {
		out = append(out, svc.Name+"/"+svc.Name+"-secrets")
	}
	return out
}

// identityProblems checks the cluster's live service accounts and pods, chart-made ones included:
// every account a pod identity association names exists and runs pods, none carries an IRSA role
// annotation, and the only annotated accounts are the SecretStores', which no pod runs as.
func identityProblems(ctx context.Context, c *kubeClient, cfg *config.Config) (problems []string, err error) {
	accounts, err := listAll(ctx, c, "v1", "serviceaccounts")
	if err != nil {
		return nil, err
	}
	pods, err := listAll(ctx, c, "v1", "pods")
	if err != nil {
		return nil, err
	}
	exists, annotated := map[string]bool{}, map[string]bool{}
	for _, sa := range accounts {
		meta, _ := sa["metadata"].(map[string]any)
		name := meta["namespace"].(string) + "/" + meta["name"].(string)
		exists[name] = true
		if annotations, _ := meta["annotations"].(map[string]any); annotations[roleArnAnnotation] != nil {
			annotated[name] = true
		}
	}
	runs := map[string]bool{}
	for _, pod := range pods {
		meta, _ := pod["metadata"].(map[string]any)
		spec, _ := pod["spec"].(map[string]any)
		account, _ := spec["serviceAccountName"].(string)
		runs[meta["namespace"].(string)+"/"+account] = true
	}
	for _, name := range podIdentityAccounts(cfg) {
		switch {
		case !exists[name]:
			problems = append(problems, name+": the pod identity association names an account nothing created")
		case !runs[name]:
			problems = append(problems, name+": no pod runs as the account the pod identity association names")
		}
	}
	tokens := tokenAccounts(cfg)
	for name := range annotated {
		if !slices.Contains(tokens, name) {
			problems = append(problems, name+": carries an IRSA role annotation; only External Secrets' SecretStore accounts may")
		}
	}
	for _, name := range tokens {
		if !annotated[name] {
			problems = append(problems, name+": the SecretStore's account has no IRSA role annotation")
		}
		if runs[name] {
			problems = append(problems, name+": a pod runs as an account whose token is for External Secrets only")
		}
	}
	sort.Strings(problems)
	return problems, nil
}
