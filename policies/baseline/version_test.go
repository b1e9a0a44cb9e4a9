package baseline

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

func TestPackVersionMatchesPulumiPolicyYaml(t *testing.T) {
	raw, err := os.ReadFile("../PulumiPolicy.yaml")
	require.NoError(t, err)
	var project struct {
		Runtime string `yaml:"runtime"`
		Version string `yaml:"version"`
	}
	require.NoError(t, yaml.Unmarshal(raw, &project))
	assert.Equal(t, "go", project.Runtime, "the CLI builds the pack with the Go language host")
	assert.Equal(t, PackVersion, project.Version, "publish both versions together: the engine reports the code's, Pulumi Cloud the file's")
}
