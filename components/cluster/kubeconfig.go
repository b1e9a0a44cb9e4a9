package cluster

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/eks"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// execAPIVersion is the client-go credential plugin API that `aws eks get-token` answers.
const execAPIVersion = "client.authentication.k8s.io/v1beta1"

type kubeconfig struct {
	APIVersion     string         `json:"apiVersion"`
	Kind           string         `json:"kind"`
	Clusters       []namedCluster `json:"clusters"`
	Contexts       []namedContext `json:"contexts"`
	CurrentContext string         `json:"current-context"`
	Users          []namedUser    `json:"users"`
}

type namedCluster struct {
	Name    string `json:"name"`
	Cluster struct {
		Server                   string `json:"server"`
		CertificateAuthorityData string `json:"certificate-authority-data"`
	} `json:"cluster"`
}

type namedContext struct {
	Name    string `json:"name"`
	Context struct {
		Cluster string `json:"cluster"`
		User    string `json:"user"`
	} `json:"context"`
}

type namedUser struct {
	Name string `json:"name"`
	User struct {
		Exec execConfig `json:"exec"`
	} `json:"user"`
}

type execConfig struct {
	APIVersion string   `json:"apiVersion"`
	Command    string   `json:"command"`
	Args       []string `json:"args"`
}

// Kubeconfig returns a kubeconfig (JSON, which is also YAML) for the cluster that gets a short-lived
// token from `aws eks get-token` with whatever AWS credentials the caller has: it holds no secret,
// only the endpoint and the cluster's public CA certificate (caData, base64 PEM as EKS returns it).
func Kubeconfig(clusterName, endpoint, caData, region string) string {
	var c namedCluster
	c.Name = clusterName
	c.Cluster.Server = endpoint
	c.Cluster.CertificateAuthorityData = caData

	var current namedContext
	current.Name = clusterName
	current.Context.Cluster = clusterName
	current.Context.User = clusterName

	var u namedUser
	u.Name = clusterName
	u.User.Exec = execConfig{
		APIVersion: execAPIVersion,
		Command:    "aws",
		Args:       []string{"eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"},
	}

	// Marshalling a struct of strings and string slices cannot fail.
	b, _ := json.MarshalIndent(kubeconfig{
		APIVersion:     "v1",
		Kind:           "Config",
		Clusters:       []namedCluster{c},
		Contexts:       []namedContext{current},
		CurrentContext: clusterName,
		Users:          []namedUser{u},
	}, "", "  ")
	return string(b)
}

// clusterKubeconfig is Kubeconfig for the cluster's outputs. It is deliberately not a secret: it
// carries no credential, and a readable kubeconfig in the plan and stack outputs is what operators
// copy to reach the cluster.
func clusterKubeconfig(c *eks.Cluster, clusterName, region string) pulumi.StringOutput {
	return pulumi.All(c.Endpoint, c.CertificateAuthority.Data().Elem()).ApplyT(func(v []any) string {
		return Kubeconfig(clusterName, v[0].(string), v[1].(string), region)
	}).(pulumi.StringOutput)
}

// newKubernetesProvider builds the provider later components deploy through. It waits for the
// deployer's access entry (accessReady), without which every Kubernetes call would be refused.
func newKubernetesProvider(ctx *pulumi.Context, name string, c *eks.Cluster, config pulumi.StringOutput, accessReady []pulumi.Resource, parent pulumi.ResourceOption) (*kubernetes.Provider, error) {
	p, err := kubernetes.NewProvider(ctx, name+"-k8s", &kubernetes.ProviderArgs{
		Kubeconfig: config,
		// Replace the provider, and so every Kubernetes resource, only when the cluster itself is
		// replaced; a kubeconfig edit (an extra get-token flag) is then an in-place update.
		ClusterIdentifier: c.Arn,
		// Server-side apply is the provider's default; set explicitly so a PULUMI_K8S_* variable in a
		// CI environment cannot switch it off. It lets field managers (HPA, add-ons) coexist.
		EnableServerSideApply: pulumi.Bool(true),
	}, parent, pulumi.DependsOn(accessReady))
	if err != nil {
		return nil, fmt.Errorf("kubernetes provider: %w", err)
	}
	return p, nil
}
