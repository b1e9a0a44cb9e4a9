package gateway

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGroupByNamespace(t *testing.T) {
	routes := []Route{
		{Path: "/b1", Namespace: "b", ServiceName: "s1", Port: 1},
		{Path: "/a1", Namespace: "a", ServiceName: "s2", Port: 2},
		{Path: "/b2", Namespace: "b", ServiceName: "s3", Port: 3},
	}
	assert.Equal(t, []backendGroup{
		{Namespace: "a", Routes: []Route{routes[1]}},
		{Namespace: "b", Routes: []Route{routes[0], routes[2]}},
	}, groupByNamespace(routes), "namespaces sorted, routes in their given order")
	assert.Empty(t, groupByNamespace(nil))
}

func TestElbLogWriter(t *testing.T) {
	cases := []struct {
		region string
		want   map[string][]string
	}{
		{"us-east-1", map[string][]string{"AWS": {"arn:aws:iam::127311923021:root"}}},
		{"eu-west-1", map[string][]string{"AWS": {"arn:aws:iam::156460612806:root"}}},
		// Regions opened since August 2022 (here Zurich) take the log delivery service principal.
		{"eu-central-2", map[string][]string{"Service": {"logdelivery.elasticloadbalancing.amazonaws.com"}}},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, elbLogWriter(tc.region), "log writer of %s", tc.region)
	}
}

func TestBucketPrefixFitsS3Limits(t *testing.T) {
	assert.Equal(t, "ip-platform-prod-gateway-alb-logs-", bucketPrefix("ip-platform-prod-gateway"))
	long := bucketPrefix("a-very-long-project-name-and-a-stack-name-gateway")
	assert.Len(t, long, 37, "S3 appends 26 characters and names stop at 63")
}
