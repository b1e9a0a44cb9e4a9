package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/config"
)

// docFiles are the Markdown files under docs/, relative to the project, with their text.
func docFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(filepath.Join(projectDir, "docs"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(projectDir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, files, "docs/ must hold the architecture document and the runbooks")
	return files
}

// configKeyMention is `ip-platform:<key>` in prose or a command; a type token
// (ip-platform:network:Vpc) continues with ":<Upper>" and is not a config key.
var configKeyMention = regexp.MustCompile(`ip-platform:([A-Za-z][A-Za-z0-9]*(?:(?:\.|\[\d*\]\.?)[A-Za-z0-9<>-]+|\[\d*\])*)(:[A-Z])?`)

// knownConfigKey reports whether key (as written in a doc) names a key of config.Keys():
// list indexes match "[]", any service name matches "<service>", and fields below a free-form
// object (one whose fields are not themselves keys, such as cluster.addonVersions) are allowed.
func knownConfigKey(keys []config.Key, key string) bool {
	key = regexp.MustCompile(`\[\d*\]`).ReplaceAllString(key, "[]")
	names := map[string]bool{}
	for _, k := range keys {
		names[k.Name] = true
	}
	candidates := []string{key}
	if parts := strings.SplitN(key, ".", 3); len(parts) >= 2 && parts[0] == "services" {
		parts[1] = "<service>"
		candidates = append(candidates, strings.Join(parts, "."))
	}
	for _, c := range candidates {
		if names[c] {
			return true
		}
		for _, k := range keys {
			if k.Type != "object" || !strings.HasPrefix(c, k.Name+".") {
				continue
			}
			hasFields := slices.ContainsFunc(keys, func(o config.Key) bool { return strings.HasPrefix(o.Name, k.Name+".") })
			if !hasFields {
				return true
			}
		}
	}
	return false
}

func TestDocsNameOnlyExistingConfigKeys(t *testing.T) {
	keys := config.Keys()
	mentioned := 0
	for file, text := range docFiles(t) {
		for _, m := range configKeyMention.FindAllStringSubmatch(text, -1) {
			if m[2] != "" {
				continue // a component type token
			}
			mentioned++
			assert.True(t, knownConfigKey(keys, m[1]), "%s mentions config key ip-platform:%s, which internal/config does not read (see README's configuration reference)", file, m[1])
		}
	}
	assert.Greater(t, mentioned, 20, "the runbooks should name the config keys they change")
}

func TestKnownConfigKeyRejectsMisspeltKeys(t *testing.T) {
	keys := config.Keys()
	for _, key := range []string{"cluster.version", "nodePools[1].maxSize", "services.trademark.replicas.max", "cluster.addonVersions.coredns", "alertWebhookUrl"} {
		assert.True(t, knownConfigKey(keys, key), "%s is a config key", key)
	}
	for _, key := range []string{"cluster.vesion", "nodePools[0].maxsize", "services.trademark.replicas.maximum", "database.multiAZ", "alertWebhookURL"} {
		assert.False(t, knownConfigKey(keys, key), "%s is not a config key", key)
	}
}

// stackOutputs are the names internal/platform exports (ctx.Export), read from its source.
func stackOutputs(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(projectDir, "internal", "platform", "*.go"))
	require.NoError(t, err)
	re := regexp.MustCompile(`ctx\.Export\("([^"]+)"`)
	outputs := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			outputs[m[1]] = true
		}
	}
	require.NotEmpty(t, outputs, "internal/platform must export stack outputs")
	return outputs
}

// stacksInDocs accepts the program's stacks and the runbooks' $STACK variable.
var stacksInDocs = []string{"dev", "staging", "prod", `"$STACK"`, "$STACK"}

func TestRunbookCommandsUseRealStacksAndOutputs(t *testing.T) {
	outputs := stackOutputs(t)
	outputCmd := regexp.MustCompile(`pulumi stack output((?:[ \t]+[^ \t\n|>)"]+|[ \t]+"\$STACK")*)`)
	stackFlag := regexp.MustCompile("pulumi [a-z ]*?--stack[ =](\"\\$STACK\"|[^\\s`]+)")
	used := 0
	for file, text := range docFiles(t) {
		for _, m := range outputCmd.FindAllStringSubmatch(text, -1) {
			fields := strings.Fields(m[1])
			name := ""
			for i := 0; i < len(fields); i++ {
				switch f := fields[i]; {
				case f == "--stack" || f == "-s":
					i++
				case strings.HasPrefix(f, "-"):
				default:
					if name == "" {
						name = f
					}
				}
			}
			if name == "" {
				continue // all outputs
			}
			used++
			assert.True(t, outputs[name], "%s: `%s` reads stack output %q, which internal/platform does not export", file, strings.TrimSpace(m[0]), name)
		}
		for _, m := range stackFlag.FindAllStringSubmatch(text, -1) {
			assert.Contains(t, stacksInDocs, m[1], "%s: `%s` names a stack this project does not have", file, m[0])
		}
	}
	assert.Greater(t, used, 5, "the runbooks should read the stack outputs they need")
}

func TestRunbooksCoverTheIssue(t *testing.T) {
	files := docFiles(t)
	all := ""
	for _, text := range files {
		all += text
	}
	// One command or phrase per item of the runbook list; each must appear somewhere in docs/.
	for _, want := range []string{
		"pulumi stack history", "pulumi stack export", "pulumi stack import", "pulumi cancel",
		"aws rds reboot-db-instance", "--force-failover", "restore-db-instance-from-db-snapshot",
		"restore-db-instance-to-point-in-time", "aws elasticache test-failover",
		"update-nodegroup-version", "ip-platform:cluster.version", "ip-platform:nodePools[].maxSize",
		"ip-platform:services.<service>.replicas.max", "aws secretsmanager rotate-secret",
		"grafana-admin", "force-sync", "aws acm describe-certificate", "Crash-looping pods",
		"connection exhaustion", "5xx spike", "A stuck update", "ip-platform:cluster.addonVersions",
		"Renovate",
	} {
		assert.Contains(t, all, want, "docs/ should cover %q", want)
	}
}
