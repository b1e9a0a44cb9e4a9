package config

// ExampleAccountID is the placeholder account of the example stack files (Pulumi.<stack>.yaml):
// the account AWS documentation uses in its examples, which no one can deploy to.
const ExampleAccountID = "111122223333"

// AccountKey is the namespaced key of the account a stack deploys to, for messages that tell a
// user what to set.
const AccountKey = Namespace + ":accountId"

// UsesExampleAccount reports whether the stack still names the example stacks' placeholder
// account instead of its own: fine for a preview or the offline plan, never for a deploy.
func (c *Config) UsesExampleAccount() bool { return c.AccountID == ExampleAccountID }
