package baseline

import (
	"testing"
)

func TestRDSInstance(t *testing.T) {
	prodDB := map[string]any{
		"instanceClass": "db.m7g.large", "storageEncrypted": true, "publiclyAccessible": false,
		"multiAz": true, "deletionProtection": true, "backupRetentionPeriod": 14,
	}
	devDB := map[string]any{"instanceClass": "db.t4g.medium", "storageEncrypted": true, "backupRetentionPeriod": 1}
	cases := []struct {
		name string
		db   map[string]any
		env  string
		want []string
	}{
		{"prod, resilient", prodDB, "prod", nil},
		{"dev may run single-AZ without protection", devDB, "dev", nil},
		{"public database", set(prodDB, true, "publiclyAccessible"), "prod", []string{"publiclyAccessible is true"}},
		{"unencrypted", set(devDB, nil, "storageEncrypted"), "dev", []string{"storageEncrypted is not true"}},
		{"prod single-AZ", set(prodDB, false, "multiAz"), "prod", []string{"prod: multiAz is not true"}},
		{"prod without deletion protection", set(prodDB, nil, "deletionProtection"), "prod", []string{"prod: deletionProtection is not true"}},
		{"prod with a week of backups", set(prodDB, 7, "backupRetentionPeriod"), "prod", []string{"backupRetentionPeriod is 7 days; want >= 14"}},
		{"prod with the default backups", set(prodDB, nil, "backupRetentionPeriod"), "prod", []string{"backupRetentionPeriod is 1 days"}},
		{"encryption unknown at preview", set(devDB, unknownValue{}, "storageEncrypted"), "dev", nil},
		{"a read replica inherits encryption and backups", map[string]any{"replicateSourceDb": "primary"}, "prod", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertMessages(t, tc.want, RDSInstance(props(tc.db), tc.env))
		})
	}
}

func TestRDSCluster(t *testing.T) {
	cluster := map[string]any{"storageEncrypted": true, "deletionProtection": true, "backupRetentionPeriod": 30, "dbClusterInstanceClass": "db.m6gd.large"}
	assertMessages(t, nil, RDSCluster(props(cluster), "prod"))
	assertMessages(t, []string{"storageEncrypted is not true", "prod: deletionProtection is not true"},
		RDSCluster(props(set(set(cluster, false, "storageEncrypted"), false, "deletionProtection")), "prod"))
	assertMessages(t, []string{"publiclyAccessible is true"}, RDSPolicy().CheckResource(
		Resource{Type: TypeRDSClusterInstance, Properties: props(map[string]any{"publiclyAccessible": true})}, "dev", nil))
}
