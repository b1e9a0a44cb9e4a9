package security

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// scanFilter is the registry scanning filter of the repositories under prefix. ECR matches a
// filter without a wildcard as a substring of the repository name; with one, "*" stands for any
// characters, so "<prefix>/*" is exactly the stack's repositories.
func scanFilter(prefix string) string { return prefix + "/*" }

// newEnhancedScanning sets the registry's scanning configuration: Amazon Inspector (ENHANCED)
// scans the stack's repositories on every push and again whenever a new vulnerability is published
// (CONTINUOUS_SCAN), for as long as Inspector's rescan duration keeps an image. Setting it also
// activates Inspector's ECR scanning for the account. Repositories matching no rule are not scanned
// at all under ENHANCED (their scan-on-push setting no longer applies), which is why the component
// owns the whole configuration: there is one per account and region.
func newEnhancedScanning(ctx *pulumi.Context, name string, s *ScanningArgs, parent pulumi.ResourceOption) error {
	if _, err := ecr.NewRegistryScanningConfiguration(ctx, name+"-ecr-scanning", &ecr.RegistryScanningConfigurationArgs{
		ScanType: pulumi.String("ENHANCED"),
		Rules: ecr.RegistryScanningConfigurationRuleArray{
			ecr.RegistryScanningConfigurationRuleArgs{
				ScanFrequency: pulumi.String("CONTINUOUS_SCAN"),
				RepositoryFilters: ecr.RegistryScanningConfigurationRuleRepositoryFilterArray{
					ecr.RegistryScanningConfigurationRuleRepositoryFilterArgs{
						Filter:     pulumi.String(scanFilter(s.RepositoryPrefix)),
						FilterType: pulumi.String("WILDCARD"),
					},
				},
			},
		},
	}, parent); err != nil {
		return fmt.Errorf("registry scanning configuration: %w", err)
	}
	return nil
}
