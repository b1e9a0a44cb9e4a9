package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

type workflowStep struct {
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

type workflowJob struct {
	If          string            `yaml:"if"`
	Permissions map[string]string `yaml:"permissions"`
	Steps       []workflowStep    `yaml:"steps"`
}

type workflow struct {
	On          map[string]any         `yaml:"on"`
	Permissions any                    `yaml:"permissions"`
	Jobs        map[string]workflowJob `yaml:"jobs"`
	raw         string
}

func loadWorkflow(t *testing.T, name string) workflow {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(projectDir, ".github", "workflows", name))
	require.NoError(t, err)
	var w workflow
	require.NoError(t, yaml.Unmarshal(raw, &w), name)
	w.raw = string(raw)
	return w
}

// jobText is the job's steps as written, to look for what a job must never touch.
func jobText(t *testing.T, j workflowJob) string {
	t.Helper()
	b, err := yaml.Marshal(j)
	require.NoError(t, err)
	return string(b)
}

// TestPullRequestReportIsForkSafe: the job that runs the pull request's code has a read-only token
// and no secrets and hands its report over as an artifact; the job that can write to the pull
// request runs from workflow_run and never checks out or runs anything of it.
func TestPullRequestReportIsForkSafe(t *testing.T) {
	preview := loadWorkflow(t, "preview.yml")
	require.Contains(t, preview.On, "pull_request")
	report, ok := preview.Jobs["report"]
	require.True(t, ok, "preview.yml has the report job")
	assert.Equal(t, map[string]string{"contents": "read"}, report.Permissions, "the report job's token reads, nothing more")
	assert.NotContains(t, jobText(t, report), "secrets.", "the report job runs the pull request's code: no secret may reach it")
	var uploads []workflowStep
	for _, s := range report.Steps {
		if strings.HasPrefix(s.Uses, "actions/upload-artifact@") {
			uploads = append(uploads, s)
		}
	}
	require.Len(t, uploads, 1, "the report leaves the job as an artifact")
	assert.Equal(t, "pr-report", uploads[0].With["name"])

	comment := loadWorkflow(t, "pr-comment.yml")
	run, ok := comment.On["workflow_run"].(map[string]any)
	require.True(t, ok, "pr-comment.yml runs on workflow_run")
	assert.Equal(t, []any{"preview"}, run["workflows"])
	assert.Equal(t, map[string]any{}, comment.Permissions, "no permission by default; the job asks for its own")
	require.Len(t, comment.Jobs, 1)
	for name, j := range comment.Jobs {
		assert.Equal(t, map[string]string{"actions": "read", "pull-requests": "write"}, j.Permissions, name)
		for _, s := range j.Steps {
			assert.NotContains(t, s.Uses, "actions/checkout", "%s must not check out the pull request's code", name)
			assert.Empty(t, s.Run, "%s runs no shell: nothing of the pull request can be executed", name)
		}
		assert.Contains(t, jobText(t, j), "pr.head.sha !== process.env.HEAD_SHA", "the comment goes to the pull request the report was made from")
	}
	assert.NotContains(t, comment.raw, "pull_request_target", "pull_request_target would hand the fork's code a write token")
}
