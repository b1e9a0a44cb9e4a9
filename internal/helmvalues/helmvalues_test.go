package helmvalues

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestToMapUsesTheJSONKeys(t *testing.T) {
	v := struct {
		ServiceAccount ServiceAccount    `json:"serviceAccount"`
		Resources      Resources         `json:"resources"`
		Tags           map[string]string `json:"tags,omitempty"`
	}{
		ServiceAccount: ServiceAccount{Create: true, Name: "controller", Annotations: map[string]string{"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/r"}},
		Resources:      NewResources("100m", "128Mi", "500m", "256Mi"),
	}
	got, err := ToMap(v)
	require.NoError(t, err)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"serviceAccount": {"create": true, "name": "controller", "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/r"}},
		"resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "256Mi"}}
	}`, string(b), "an empty omitempty field must not reach the chart")
}

func TestToMapRejectsWhatIsNotAnObject(t *testing.T) {
	_, err := ToMap([]string{"a"})
	assert.ErrorContains(t, err, "unmarshal chart values", "chart values must be an object")
	_, err = ToMap(func() {})
	assert.ErrorContains(t, err, "marshal chart values", "a value JSON cannot hold must be refused")
}
