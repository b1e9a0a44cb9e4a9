package cluster

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// parsedKubeconfig is the part of a kubeconfig a client reads to reach and authenticate to a cluster.
type parsedKubeconfig struct {
	APIVersion     string `yaml:"apiVersion"`
	Kind           string `yaml:"kind"`
	CurrentContext string `yaml:"current-context"`
	Clusters       []struct {
		Name    string `yaml:"name"`
		Cluster struct {
			Server string `yaml:"server"`
			CA     string `yaml:"certificate-authority-data"`
		} `yaml:"cluster"`
	} `yaml:"clusters"`
	Contexts []struct {
		Name    string `yaml:"name"`
		Context struct {
			Cluster string `yaml:"cluster"`
			User    string `yaml:"user"`
		} `yaml:"context"`
	} `yaml:"contexts"`
	Users []struct {
		Name string `yaml:"name"`
		User map[string]struct {
			APIVersion string   `yaml:"apiVersion"`
			Command    string   `yaml:"command"`
			Args       []string `yaml:"args"`
		} `yaml:"user"`
	} `yaml:"users"`
}

func TestKubeconfig(t *testing.T) {
	cases := []struct {
		desc, cluster, endpoint, ca, region string
	}{
		{"prod in Ireland", "ip-platform-prod", "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "Q0EtREFUQQ==", "eu-west-1"},
		{"dev in Frankfurt", "ip-platform-dev", "https://DEF.yl4.eu-central-1.eks.amazonaws.com", "ZGV2LWNh", "eu-central-1"},
		{"name YAML would read as a boolean", "true", "https://X.gr7.us-east-1.eks.amazonaws.com", "eA==", "us-east-1"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			raw := Kubeconfig(tc.cluster, tc.endpoint, tc.ca, tc.region)

			var cfg parsedKubeconfig
			require.NoError(t, yaml.Unmarshal([]byte(raw), &cfg), "kubectl reads kubeconfigs as YAML")
			require.True(t, json.Valid([]byte(raw)), "the kubeconfig is JSON")

			assert.Equal(t, "v1", cfg.APIVersion)
			assert.Equal(t, "Config", cfg.Kind)
			assert.Equal(t, tc.cluster, cfg.CurrentContext)
			require.Len(t, cfg.Clusters, 1)
			assert.Equal(t, tc.endpoint, cfg.Clusters[0].Cluster.Server)
			assert.Equal(t, tc.ca, cfg.Clusters[0].Cluster.CA)
			require.Len(t, cfg.Contexts, 1)
			assert.Equal(t, tc.cluster, cfg.Contexts[0].Context.Cluster, "the context must point at the cluster entry")
			assert.Equal(t, tc.cluster, cfg.Contexts[0].Context.User, "the context must point at the user entry")
			require.Len(t, cfg.Users, 1)
			assert.Equal(t, tc.cluster, cfg.Users[0].Name)

			require.Len(t, cfg.Users[0].User, 1, "the user must authenticate by exec only, with no token or key")
			exec, ok := cfg.Users[0].User["exec"]
			require.True(t, ok, "the user has no exec credential plugin")
			assert.Equal(t, "client.authentication.k8s.io/v1beta1", exec.APIVersion)
			assert.Equal(t, "aws", exec.Command)
			assert.Equal(t, []string{"eks", "get-token", "--cluster-name", tc.cluster, "--region", tc.region, "--output", "json"}, exec.Args)
		})
	}
}
