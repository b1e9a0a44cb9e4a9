package cache

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/elasticache"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/secretsmanager"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/awslimits"
	"github.com/ip-platform/infra/internal/tags"
)

// appAccess is what the application user may do: every key and command except the dangerous ones
// (FLUSHALL, KEYS, CONFIG, DEBUG, ...), which no service needs.
const appAccess = "on ~* +@all -@dangerous"

// appUserID is the application user's ID and name; IAM authentication requires the two equal.
func appUserID(groupID string) string { return groupID + "-app" }

// rbacEngine is the engine of the users and the user group, whatever the cache runs: a Valkey
// cache accepts user groups of engine "redis", a Redis OSS cache only those; and a "valkey" user
// group may hold only users with a password or IAM, never the password-less default user below
// ("Role-Based Access Control (RBAC)", docs.aws.amazon.com/AmazonElastiCache/latest/dg/
// Clusters.RBAC.html, read 2026-12-02). So RBAC stays on "redis" and a switch to Valkey changes the
// replication group alone: no user or group is modified under the running cache, and the
// application user's IAM authentication works the same on both engines.
const rbacEngine = "redis"

// newUserGroup creates the RBAC user group: every user group must contain a user named "default",
// which here is switched off, so the only way in is the IAM-authenticated application user.
func newUserGroup(ctx *pulumi.Context, name, groupID string, parent pulumi.ResourceOption) (*elasticache.UserGroup, *elasticache.User, error) {
	defaultUser, err := elasticache.NewUser(ctx, name+"-default", &elasticache.UserArgs{
		UserId:       pulumi.String(groupID + "-default"),
		UserName:     pulumi.String("default"),
		Engine:       pulumi.String(rbacEngine),
		AccessString: pulumi.String("off -@all"),
		// Switched off and allowed nothing, it needs no password, so none exists.
		AuthenticationMode: &elasticache.UserAuthenticationModeArgs{Type: pulumi.String("no-password-required")},
		Tags:               tags.Name(groupID + "-default"),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("default user: %w", err)
	}
	app, err := elasticache.NewUser(ctx, name+"-app", &elasticache.UserArgs{
		UserId:             pulumi.String(appUserID(groupID)),
		UserName:           pulumi.String(appUserID(groupID)),
		Engine:             pulumi.String(rbacEngine),
		AccessString:       pulumi.String(appAccess),
		AuthenticationMode: &elasticache.UserAuthenticationModeArgs{Type: pulumi.String("iam")},
		Tags:               tags.Name(appUserID(groupID)),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("application user: %w", err)
	}
	group, err := elasticache.NewUserGroup(ctx, name, &elasticache.UserGroupArgs{
		UserGroupId: pulumi.String(groupID),
		Engine:      pulumi.String(rbacEngine),
		UserIds:     pulumi.StringArray{defaultUser.UserId, app.UserId},
		Tags:        tags.Name(groupID),
	}, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("user group: %w", err)
	}
	return group, app, nil
}

// Connection is what a client needs to connect: no credential, which IAM signs per connection.
type Connection struct {
	Host       string `json:"host"`
	ReaderHost string `json:"readerHost"`
	Port       int    `json:"port"`
	TLS        bool   `json:"tls"`
	User       string `json:"username"`
	// AuthMode "iam": sign a token for ReplicationGroupID as User with SigV4 (service elasticache)
	// and send it with AUTH; tokens live 15 minutes, connections at most 12 hours.
	AuthMode           string `json:"authMode"`
	ReplicationGroupID string `json:"replicationGroupId"`
}

// newConnectionSecret stores the connection settings where the services already read their
// database credentials from, so both are wired the same way. The settings are the same for both
// engines (same protocol, port, TLS and IAM token), and the name keeps "redis" for the protocol:
// renaming it would replace the secret the services read.
func newConnectionSecret(ctx *pulumi.Context, name string, a RedisArgs, group *elasticache.ReplicationGroup, key *kms.Key, parent pulumi.ResourceOption) (*secretsmanager.Secret, error) {
	secretName := a.ReplicationGroupID + "/redis/connection"
	secret, err := secretsmanager.NewSecret(ctx, name+"-connection", &secretsmanager.SecretArgs{
		Name:        pulumi.String(secretName),
		Description: pulumi.String("Connection settings of " + awslimits.CacheEngineName(a.Engine) + " " + a.ReplicationGroupID + " (IAM authentication: no password)"),
		KmsKeyId:    key.Arn,
		Tags:        tags.Name(secretName),
	}, parent)
	if err != nil {
		return nil, fmt.Errorf("connection secret: %w", err)
	}
	value := pulumi.All(group.PrimaryEndpointAddress, group.ReaderEndpointAddress).ApplyT(func(v []any) (string, error) {
		b, err := json.Marshal(Connection{
			Host: v[0].(string), ReaderHost: v[1].(string), Port: Port, TLS: true,
			User: appUserID(a.ReplicationGroupID), AuthMode: "iam", ReplicationGroupID: a.ReplicationGroupID,
		})
		return string(b), err
	}).(pulumi.StringOutput)
	if _, err := secretsmanager.NewSecretVersion(ctx, name+"-connection", &secretsmanager.SecretVersionArgs{
		SecretId:     secret.ID(),
		SecretString: value,
	}, parent); err != nil {
		return nil, fmt.Errorf("connection secret value: %w", err)
	}
	return secret, nil
}
