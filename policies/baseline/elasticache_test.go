package baseline

import "testing"

func TestReplicationGroup(t *testing.T) {
	prod := map[string]any{
		"atRestEncryptionEnabled": true, "transitEncryptionEnabled": true,
		"automaticFailoverEnabled": true, "multiAzEnabled": true, "numCacheClusters": 3,
	}
	dev := map[string]any{"atRestEncryptionEnabled": true, "transitEncryptionEnabled": true, "numCacheClusters": 1}
	cases := []struct {
		name string
		rg   map[string]any
		env  string
		want []string
	}{
		{"prod: a primary and two replicas failing over", prod, "prod", nil},
		{"dev: a lone primary", dev, "dev", nil},
		{"cluster mode with two replicas per shard", set(set(prod, nil, "numCacheClusters"), 2, "replicasPerNodeGroup"), "prod", nil},
		{"no encryption in transit", set(dev, false, "transitEncryptionEnabled"), "dev", []string{"transitEncryptionEnabled is not true"}},
		{"no encryption at rest", set(dev, nil, "atRestEncryptionEnabled"), "dev", []string{"atRestEncryptionEnabled is not true"}},
		{"prod with one replica", set(prod, 2, "numCacheClusters"), "prod", []string{"prod: 1 replicas per shard; want >= 2"}},
		{"prod without failover", set(set(prod, false, "automaticFailoverEnabled"), nil, "multiAzEnabled"), "prod", []string{"automaticFailoverEnabled is not true", "multiAzEnabled is not true"}},
		{"prod as a dev-sized cache", dev, "prod", []string{"automaticFailoverEnabled", "multiAzEnabled", "0 replicas"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, ReplicationGroup(props(tc.rg), tc.env))
		})
	}
}
