package platform

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/config"
)

// checkDeployAccount stops a real update (`pulumi up`, ctx.DryRun() false) that would build the
// AWS layer for the example stacks' placeholder account, before any resource is registered. The
// providers' allowedAccountIds would stop it too, but only once credentials are checked and with
// the provider's words; this names the key to set. A preview, the offline plan and the unit tests
// (dry runs) go on, with a warning where an engine shows one.
func checkDeployAccount(ctx *pulumi.Context, cfg *config.Config) error {
	if !cfg.UsesExampleAccount() {
		return nil
	}
	if ctx.DryRun() {
		// The engine shows the warning; under the mocks it goes nowhere.
		_ = ctx.Log.Warn(exampleAccountMessage(cfg)+"; pulumi up will refuse until it is set", nil)
		return nil
	}
	return fmt.Errorf("%s: refusing to deploy", exampleAccountMessage(cfg))
}

// exampleAccountMessage says what is wrong and which key to set.
func exampleAccountMessage(cfg *config.Config) string {
	return fmt.Sprintf("%s is %s, the example stacks' placeholder account: set it to the 12-digit AWS account stack %s deploys to (pulumi config set %s <account-id>; allowedAccountIds on the AWS providers then refuse any other account's credentials)",
		config.AccountKey, config.ExampleAccountID, cfg.Stack, config.AccountKey)
}
