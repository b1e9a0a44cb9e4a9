package cost

import (
	_ "embed"
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"
)

//go:embed assumptions.yaml
var assumptionsYAML []byte

// Assumption is one usage-based dimension and its value for one stack.
type Assumption struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Value       float64 `json:"value"`
}

// Assumptions are a stack's usage values by name.
type Assumptions map[string]Assumption

// Value returns the named assumption's value; an unknown name is 0, which the pricers never reach
// because TestEveryAssumptionIsSetForEveryStack holds the file to the names they read.
func (a Assumptions) Value(name string) float64 { return a[name].Value }

// Sorted returns the assumptions by name, for printing.
func (a Assumptions) Sorted() []Assumption {
	out := make([]Assumption, 0, len(a))
	for _, v := range a {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LoadAssumptions returns the embedded assumptions of stack.
func LoadAssumptions(stack string) (Assumptions, error) {
	return ParseAssumptions(assumptionsYAML, stack)
}

// ParseAssumptions reads the assumptions file for one stack; every dimension must have a value for
// it, so a new stack cannot be priced on silent zeros.
func ParseAssumptions(raw []byte, stack string) (Assumptions, error) {
	var file map[string]map[string]any
	if err := yaml.Unmarshal(raw, &file); err != nil {
		return nil, fmt.Errorf("assumptions: %w", err)
	}
	out := Assumptions{}
	for name, entry := range file {
		desc, _ := entry["description"].(string)
		var v float64
		switch n := entry[stack].(type) {
		case int:
			v = float64(n)
		case float64:
			v = n
		default:
			return nil, fmt.Errorf("assumptions: %s has no value for stack %q", name, stack)
		}
		out[name] = Assumption{Name: name, Description: desc, Value: v}
	}
	return out, nil
}

// Names of the assumptions the pricers read.
const (
	AssumeNatGb         = "natProcessedGb"
	AssumeEndpointGb    = "interfaceEndpointGb"
	AssumeAlbLcu        = "albLcuPerHour"
	AssumeWafRequestsM  = "wafRequestsMillions"
	AssumeLogIngestGb   = "logIngestGb"
	AssumeRdsBackupGb   = "rdsBackupBeyondFreeGb"
	AssumeBackupVaultGb = "backupVaultGb"
	AssumeEcrStoredGb   = "ecrStoredGb"
	AssumeImagesScanned = "imagesScannedPerMonth"
	AssumeImageRescans  = "imageRescansPerMonth"
)

// assumptionNames are every name above, for the test that holds the file to them.
var assumptionNames = []string{AssumeNatGb, AssumeEndpointGb, AssumeAlbLcu, AssumeWafRequestsM, AssumeLogIngestGb,
	AssumeRdsBackupGb, AssumeBackupVaultGb, AssumeEcrStoredGb, AssumeImagesScanned, AssumeImageRescans}
