package iampolicy

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAssumeRoleForServicesNamesEachServicePrincipal(t *testing.T) {
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(AssumeRoleForServices("eks.amazonaws.com")), &doc))

	assert.Equal(t, Version, doc["Version"])
	stmt := doc["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, "Allow", stmt["Effect"])
	assert.Equal(t, []any{"sts:AssumeRole"}, stmt["Action"])
	assert.Equal(t, map[string]any{"Service": []any{"eks.amazonaws.com"}}, stmt["Principal"])
	assert.NotContains(t, stmt, "Resource", "a trust policy must not name resources")
}

func TestAllowOmitsEmptyFields(t *testing.T) {
	got := New(Allow("ReadSecrets", []string{"secretsmanager:GetSecretValue"}, "arn:aws:secretsmanager:*:*:secret:x")).JSON()
	assert.JSONEq(t, `{"Version":"2012-10-17","Statement":[{"Sid":"ReadSecrets","Effect":"Allow",
		"Action":["secretsmanager:GetSecretValue"],"Resource":["arn:aws:secretsmanager:*:*:secret:x"]}]}`, got)
}

func TestManagedPolicyArn(t *testing.T) {
	assert.Equal(t, "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", ManagedPolicyArn("AmazonEKSClusterPolicy"))
}
