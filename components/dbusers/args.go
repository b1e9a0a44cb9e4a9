package dbusers

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/imageref"
)

// User is one service's database role.
type User struct {
	// Name is the PostgreSQL role and the schema it owns: lower-case letters, digits and
	// underscores, starting with a letter or underscore, at most 63 bytes (PostgreSQL's
	// NAMEDATALEN). Required.
	Name string
	// ConnectionLimit caps the role's concurrent connections, so one service's runaway pool
	// cannot take the connections the others need. Required, at least 1.
	ConnectionLimit int
}

// BootstrapArgs describe the database users to create and how to reach the database.
type BootstrapArgs struct {
	// Namespace is where the Job and the master secret live. Defaults to "db-bootstrap".
	Namespace string
	// Image is the PostgreSQL client image by tag or digest (not latest), run as uid 70 (the
	// postgres user of the official alpine images). Required.
	Image string
	// Host and Port are the database endpoint. Required.
	Host pulumi.StringInput
	Port pulumi.IntInput
	// DatabaseName is the database the services use. Required.
	DatabaseName string
	// Cidrs are the address blocks the database lives in: the NetworkPolicy's egress peers.
	// Required.
	Cidrs []string
	// MasterSecretArn is the RDS-managed Secrets Manager secret of the master user ("username"
	// and "password"). Required.
	MasterSecretArn pulumi.StringInput
	// Region is the AWS region of the secret. Required.
	Region string
	// SecretsRoleArn is the IRSA role of the secrets service account (NewSecretsRole's Arn).
	// Required.
	SecretsRoleArn pulumi.StringInput
	// Users are the roles to create, one per service. Required, names unique.
	Users []User
	// After are resources the SecretStore and ExternalSecret wait for: the External Secrets
	// Operator release that installs their CRDs. Optional.
	After []pulumi.Resource
}

// DefaultNamespace is the namespace of the Job unless BootstrapArgs.Namespace says otherwise.
const DefaultNamespace = "db-bootstrap"

var (
	identifier = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)
	dnsLabel   = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)
	awsRegion  = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)
)

// withDefaults validates args and returns a copy with defaults filled; errors name the field.
func withDefaults(name string, args *BootstrapArgs) (BootstrapArgs, error) {
	if args == nil {
		return BootstrapArgs{}, fmt.Errorf("dbusers %s: args are required", name)
	}
	a := *args
	a.Users = slices.Clone(args.Users)
	if a.Namespace == "" {
		a.Namespace = DefaultNamespace
	}
	if err := validate(a); err != nil {
		return BootstrapArgs{}, fmt.Errorf("dbusers %s: %w", name, err)
	}
	return a, nil
}

func validate(a BootstrapArgs) error {
	switch {
	case !dnsLabel.MatchString(a.Namespace):
		return fmt.Errorf("Namespace %q must be a DNS label", a.Namespace)
	case imageref.Problem(a.Image) != "":
		return fmt.Errorf("Image %q %s", a.Image, imageref.Problem(a.Image))
	case a.Host == nil:
		return fmt.Errorf("Host is required")
	case a.Port == nil:
		return fmt.Errorf("Port is required")
	case !identifier.MatchString(a.DatabaseName):
		return fmt.Errorf("DatabaseName %q must be a plain SQL identifier (lower-case letters, digits, underscores)", a.DatabaseName)
	case len(a.Cidrs) == 0:
		return fmt.Errorf("Cidrs is required: the database's address blocks")
	case a.MasterSecretArn == nil:
		return fmt.Errorf("MasterSecretArn is required")
	case !awsRegion.MatchString(a.Region):
		return fmt.Errorf("Region %q is not an AWS region name (e.g. eu-west-1)", a.Region)
	case a.SecretsRoleArn == nil:
		return fmt.Errorf("SecretsRoleArn is required (NewSecretsRole's Arn)")
	case len(a.Users) == 0:
		return fmt.Errorf("Users is required: one per service")
	}
	for _, c := range a.Cidrs {
		if _, err := netip.ParsePrefix(c); err != nil {
			return fmt.Errorf("Cidrs: %q is not a CIDR block", c)
		}
	}
	seen := map[string]bool{}
	for i, u := range a.Users {
		switch {
		case !identifier.MatchString(u.Name):
			return fmt.Errorf("Users[%d].Name %q must be lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters", i, u.Name)
		case strings.HasPrefix(u.Name, "pg_") || strings.HasPrefix(u.Name, "rds"):
			return fmt.Errorf("Users[%d].Name %q uses a prefix PostgreSQL or RDS reserves (pg_, rds)", i, u.Name)
		case seen[u.Name]:
			return fmt.Errorf("Users[%d].Name %q is given twice", i, u.Name)
		case u.ConnectionLimit < 1:
			return fmt.Errorf("Users[%d].ConnectionLimit must be at least 1, got %d", i, u.ConnectionLimit)
		}
		seen[u.Name] = true
	}
	return nil
}
