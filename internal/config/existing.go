package config

import (
	"regexp"
	"slices"
	"strings"
)

// ExistingCluster, when set, deploys only the Kubernetes layer, onto a cluster that already exists
// (reached through a kubeconfig), with the AWS values that layer needs given here instead of
// created: a user with their own EKS cluster, a kind cluster, or the real-engine check (tests/e2e).
// The values are named like the full program's stack outputs, so `pulumi stack output` of a stack
// that did create the AWS layer fills them in.
type ExistingCluster struct {
	// Kubeconfig is the path of the kubeconfig file; Context picks one of its contexts (default:
	// its current context).
	Kubeconfig string
	Context    string
	// AWS are the AWS layer's outputs.
	AWS AWSOutputs
}

// AWSOutputs are the values the Kubernetes layer takes from the AWS layer.
type AWSOutputs struct {
	ClusterName string
	VpcID       string

	DatabaseAddress         string
	DatabasePort            int
	DatabaseName            string
	DatabaseMasterSecretArn string
	// DatabaseBootstrapRoleArn is the IRSA role External Secrets reads the master secret with
	// for the database users Job (components/dbusers), the only reader of that secret.
	DatabaseBootstrapRoleArn string

	RedisPrimaryEndpoint     string
	RedisPort                int
	RedisUser                string
	RedisReplicationGroupArn string

	// ServiceSecretsRoleArns are the IRSA roles External Secrets reads each IP service's secrets
	// with, by service name, and GrafanaSecretsRoleArn the one it reads Grafana's admin secret
	// with. The workloads' own roles come through pod identity associations, made with the
	// roles in the AWS layer, so none is given here.
	ServiceSecretsRoleArns map[string]string
	GrafanaSecretsRoleArn  string

	LokiBucket      string
	CertificateArn  string
	WebAclArn       string
	AccessLogBucket string
	// ScanReportBucket is the security scan's report bucket (components/apitests), whose
	// uploader gets its role through a pod identity association made in the AWS layer.
	ScanReportBucket string
}

var (
	// arnPattern is any ARN of the given service ("secretsmanager", "elasticache", ...).
	arnPattern   = regexp.MustCompile(`^arn:aws(-[a-z]+)*:([a-z0-9-]+):[a-z0-9-]*:([0-9]{12})?:.+$`)
	vpcIDPattern = regexp.MustCompile(`^vpc-[0-9a-f]{8,17}$`)
	// bucketPattern is an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens).
	bucketPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	// hostPattern is a DNS name or an IPv4 address.
	hostPattern = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$`)
)

func parseExistingCluster(p *problems, values map[string]string) *ExistingCluster {
	o := structured(p, values, "existingCluster")
	if o == nil || len(o.fields) == 0 {
		// Pulumi.yaml declares {} as the default: the whole platform, AWS layer included.
		return nil
	}
	e := &ExistingCluster{}
	o.string("kubeconfig", &e.Kubeconfig)
	o.string("context", &e.Context)
	o.object("aws", func(a *object) {
		out := &e.AWS
		a.string("clusterName", &out.ClusterName)
		a.string("vpcId", &out.VpcID)
		a.string("databaseAddress", &out.DatabaseAddress)
		a.int("databasePort", &out.DatabasePort)
		a.string("databaseName", &out.DatabaseName)
		a.string("databaseMasterSecretArn", &out.DatabaseMasterSecretArn)
		a.string("databaseBootstrapRoleArn", &out.DatabaseBootstrapRoleArn)
		a.string("redisPrimaryEndpoint", &out.RedisPrimaryEndpoint)
		a.int("redisPort", &out.RedisPort)
		a.string("redisUser", &out.RedisUser)
		a.string("redisReplicationGroupArn", &out.RedisReplicationGroupArn)
		a.stringMap("serviceSecretsRoleArns", &out.ServiceSecretsRoleArns)
		a.string("grafanaSecretsRoleArn", &out.GrafanaSecretsRoleArn)
		for _, retired := range podIdentityRoleOutputs() {
			if v, set := a.fields[retired]; set && v != nil {
				a.read = append(a.read, retired) // reported here, not again as unknown
				p.add(a.child(retired), "is no longer read: that workload gets its role through an EKS pod identity association made with the role in the AWS layer (README: \"Kubernetes layer only\"); remove the key")
			}
		}
		a.string("lokiBucket", &out.LokiBucket)
		a.string("certificateArn", &out.CertificateArn)
		a.string("webAclArn", &out.WebAclArn)
		a.string("accessLogBucket", &out.AccessLogBucket)
		a.string("scanReportBucket", &out.ScanReportBucket)
	})
	o.done()
	return e
}

// validateExistingCluster checks every value the Kubernetes layer will use: a wrong one would only
// show as a pod that cannot reach its database or assume its role.
func validateExistingCluster(p *problems, e *ExistingCluster, c *Config) {
	services := c.Services
	if e == nil {
		return
	}
	if e.Kubeconfig == "" {
		p.add(key("existingCluster.kubeconfig"), "is required: the path of the kubeconfig file of the cluster to deploy to, such as ~/.kube/config")
	}
	a := e.AWS
	path := func(field string) string { return key("existingCluster.aws." + field) }
	required := func(field, value, what string, pattern *regexp.Regexp) {
		switch {
		case value == "":
			p.add(path(field), "is required: %s", what)
		case pattern != nil && !pattern.MatchString(value):
			p.add(path(field), "must be %s, got %q", what, value)
		}
	}
	arnOf := func(field, value, service, example string) {
		what := "the ARN of a " + service + " resource, such as " + example
		required(field, value, what, arnPattern)
		if m := arnPattern.FindStringSubmatch(value); m != nil && m[2] != service {
			p.add(path(field), "must be %s, got an ARN of %s", what, m[2])
		}
	}
	portOf := func(field string, value int) {
		if value < 1 || value > 65535 {
			p.add(path(field), "is required: a TCP port from 1 to 65535, got %d", value)
		}
	}
	role := func(field, value, name string) {
		required(field, value, "an IAM role ARN such as arn:aws:iam::111122223333:role/"+name, roleArnPattern)
	}
	required("clusterName", a.ClusterName, "the EKS cluster's name (stack output clusterName)", nil)
	required("vpcId", a.VpcID, "a VPC ID such as vpc-0123456789abcdef0 (stack output vpcId)", vpcIDPattern)
	required("databaseAddress", a.DatabaseAddress, "the database's host name (stack output databaseAddress)", hostPattern)
	portOf("databasePort", a.DatabasePort)
	required("databaseName", a.DatabaseName, "the database name (stack output databaseName)", nil)
	arnOf("databaseMasterSecretArn", a.DatabaseMasterSecretArn, "secretsmanager", "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1234-AbCdEf")
	role("databaseBootstrapRoleArn", a.DatabaseBootstrapRoleArn, "db-bootstrap-secrets")
	required("redisPrimaryEndpoint", a.RedisPrimaryEndpoint, "the Redis primary endpoint's host name (stack output redisPrimaryEndpoint)", hostPattern)
	portOf("redisPort", a.RedisPort)
	required("redisUser", a.RedisUser, "the Redis user the services connect as (stack output redisUser)", nil)
	arnOf("redisReplicationGroupArn", a.RedisReplicationGroupArn, "elasticache", "arn:aws:elasticache:eu-west-1:111122223333:replicationgroup:ip-platform-prod")
	for _, svc := range services {
		role("serviceSecretsRoleArns."+svc.Name, a.ServiceSecretsRoleArns[svc.Name], svc.Name+"-secrets")
	}
	for name := range a.ServiceSecretsRoleArns {
		if !slices.Contains(ServiceNames(), name) {
			p.add(path("serviceSecretsRoleArns."+name), "is not a known service; allowed: %s", strings.Join(ServiceNames(), ", "))
		}
	}
	if c.Observability.LokiMode == LokiSimpleScalable {
		// Only the scalable Loki keeps its data in S3; the single binary uses its volume.
		required("lokiBucket", a.LokiBucket, "an S3 bucket name (stack output lokiBucket)", bucketPattern)
	}
	role("grafanaSecretsRoleArn", a.GrafanaSecretsRoleArn, "grafana-secrets")
	arnOf("certificateArn", a.CertificateArn, "acm", "arn:aws:acm:eu-west-1:111122223333:certificate/0123abcd-0123-4567-89ab-0123456789ab")
	arnOf("webAclArn", a.WebAclArn, "wafv2", "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/ip-platform-prod/0123abcd")
	required("accessLogBucket", a.AccessLogBucket, "an S3 bucket name (stack output accessLogBucket)", bucketPattern)
	if c.SecurityScan.Enabled {
		required("scanReportBucket", a.ScanReportBucket, "an S3 bucket name (stack output scanReportBucket)", bucketPattern)
	}
}

// existingClusterKeys are the keys of the Kubernetes-layer-only mode.
func existingClusterKeys() []Key {
	keys := []Key{
		{Name: "existingCluster", Type: "object", ProjectDefault: map[string]any{}, Default: "unset: build the AWS layer too",
			Description: "Deploy only the Kubernetes layer onto an existing cluster (your own EKS, kind, the real-engine check), with the AWS layer's outputs given as values (fields below). README: \"Kubernetes layer only\"."},
		{Name: "existingCluster.kubeconfig", Type: "string", Default: "required when existingCluster is set",
			Description: "Path of the kubeconfig file of the cluster to deploy to."},
		{Name: "existingCluster.context", Type: "string", Default: "the kubeconfig's current context",
			Description: "Context of the kubeconfig to use."},
		{Name: "existingCluster.aws", Type: "object", Default: "required when existingCluster is set",
			Description: "The AWS layer's outputs, each named like the stack output of a full deployment (fields below); ARNs and IDs are checked for their form."},
	}
	for _, f := range []struct{ name, typ, what string }{
		{"clusterName", "string", "EKS cluster name (cluster-autoscaler discovery, load balancer controller)."},
		{"vpcId", "string", "VPC of the cluster (load balancer controller)."},
		{"databaseAddress", "string", "PostgreSQL host name."},
		{"databasePort", "integer", "PostgreSQL port."},
		{"databaseName", "string", "PostgreSQL database name."},
		{"databaseMasterSecretArn", "string", "Secrets Manager secret with the database's master credentials; only the database users Job reads it."},
		{"databaseBootstrapRoleArn", "string", "IRSA role External Secrets reads the master secret with for the database users Job (stack output databaseBootstrapRoleArn)."},
		{"redisPrimaryEndpoint", "string", "Redis primary endpoint host name."},
		{"redisPort", "integer", "Redis port."},
		{"redisUser", "string", "Redis user the services connect as (IAM authentication)."},
		{"redisReplicationGroupArn", "string", "ElastiCache replication group ARN (the services' elasticache:Connect)."},
		{"serviceSecretsRoleArns", "object", "IRSA role External Secrets reads each IP service's secrets with, by service name (stack output serviceSecretsRoleArns). The workloads' own roles come through pod identity associations made in the AWS layer."},
		{"grafanaSecretsRoleArn", "string", "IRSA role External Secrets reads Grafana's admin secret with."},
		{"lokiBucket", "string", "S3 bucket of Loki's chunks and index; only with observability.lokiMode simpleScalable."},
		{"certificateArn", "string", "ACM certificate of the API's domain."},
		{"webAclArn", "string", "WAF web ACL of the API's load balancer."},
		{"accessLogBucket", "string", "S3 bucket of the load balancer's access logs."},
		{"scanReportBucket", "string", "S3 bucket of the security scan's reports; only with securityScan.enabled."},
	} {
		keys = append(keys, Key{Name: "existingCluster.aws." + f.name, Type: f.typ, Default: "required when existingCluster is set", Description: f.what})
	}
	return keys
}

// podIdentityRoleOutputs are the role keys existingCluster.aws took while every workload used
// IRSA. Their workloads now get their roles through pod identity associations, which the AWS
// layer makes with the roles, so a stack still setting one is told so instead of "unknown key".
func podIdentityRoleOutputs() []string {
	return []string{"serviceRoleArns", "externalSecretsRoleArn", "clusterAutoscalerRoleArn", "loadBalancerControllerRoleArn", "lokiRoleArn"}
}
