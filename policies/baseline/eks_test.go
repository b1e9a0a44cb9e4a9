package baseline

import "testing"

func TestEKSCluster(t *testing.T) {
	private := map[string]any{
		"encryptionConfig":       map[string]any{"provider": map[string]any{"keyArn": "arn:aws:kms:us-east-1:123456789012:key/k"}, "resources": []any{"secrets"}},
		"enabledClusterLogTypes": []any{"api", "audit", "authenticator"},
		"vpcConfig":              map[string]any{"endpointPrivateAccess": true, "endpointPublicAccess": false},
	}
	public := set(set(private, true, "vpcConfig", "endpointPublicAccess"), []any{"203.0.113.0/24"}, "vpcConfig", "publicAccessCidrs")
	cases := []struct {
		name    string
		cluster map[string]any
		want    []string
	}{
		{"private endpoint", private, nil},
		{"public endpoint with an allow-list", public, nil},
		{"key ARN unknown at preview", set(private, unknownValue{}, "encryptionConfig", "provider", "keyArn"), nil},
		{"public endpoint open to the world", set(public, []any{"0.0.0.0/0"}, "vpcConfig", "publicAccessCidrs"), []string{"admits 0.0.0.0/0"}},
		{"public by default, no allow-list", set(private, nil, "vpcConfig", "endpointPublicAccess"), []string{"no publicAccessCidrs allow-list"}},
		{"no secrets encryption", set(private, nil, "encryptionConfig"), []string{"does not cover secrets", "keyArn is not set"}},
		{"no audit log", set(private, []any{"api", "authenticator"}, "enabledClusterLogTypes"), []string{"lacks audit"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, EKSCluster(props(tc.cluster)))
		})
	}
}
