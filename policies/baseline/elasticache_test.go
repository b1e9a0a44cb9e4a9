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
		{"valkey 8.1", set(set(prod, "valkey", "engine"), "8.1", "engineVersion"), "prod", nil},
		{"valkey 7.2", set(set(dev, "valkey", "engine"), "7.2", "engineVersion"), "dev", nil},
		{"redis 7.1", set(set(dev, "redis", "engine"), "7.1", "engineVersion"), "dev", nil},
		{"redis by the provider's default", set(dev, "7.0", "engineVersion"), "dev", nil},
		{"engine unknown at preview", set(set(dev, unknownValue{}, "engine"), "6.2", "engineVersion"), "dev", nil},
		{"version unknown at preview", set(set(dev, "valkey", "engine"), unknownValue{}, "engineVersion"), "dev", nil},
		{"redis 6.2 has no IAM authentication", set(set(dev, "redis", "engine"), "6.2", "engineVersion"), "dev", []string{"engine redis 6.2 has no IAM authentication; want >= 7.0"}},
		{"redis 6.x", set(dev, "6.x", "engineVersion"), "dev", []string{"engine redis 6.x has no IAM authentication"}},
		{"valkey before 7.2", set(set(dev, "valkey", "engine"), "7.1", "engineVersion"), "dev", []string{"engine valkey 7.1 has no IAM authentication; want >= 7.2"}},
		{"memcached", set(dev, "memcached", "engine"), "dev", []string{`engine "memcached" is not valkey or redis`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, ReplicationGroup(props(tc.rg), tc.env))
		})
	}
}
