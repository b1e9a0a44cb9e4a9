package baseline

// Evaluate runs every policy over a stack's resources, as the engine would at preview, with each
// policy's default configuration unless config (policy name to its settings) says otherwise.
// Violations come in policy order, then resource order.
func Evaluate(resources []Resource, stack string, config map[string]map[string]any) []Violation {
	byURN := make(map[string]Resource, len(resources))
	envs := make([]string, len(resources))
	for i, r := range resources {
		byURN[r.URN] = r
		envs[i] = r.Environment(stack)
	}
	var out []Violation
	for _, p := range Policies() {
		report := func(urn, msg string) {
			r := byURN[urn]
			out = append(out, Violation{Policy: p.Name, Enforcement: p.Enforcement, URN: urn, Type: r.Type, Name: r.Name, Message: msg})
		}
		if p.CheckStack != nil {
			for _, f := range p.CheckStack(resources, stack) {
				report(f.URN, f.Message)
			}
			continue
		}
		for i, r := range resources {
			for _, msg := range p.CheckResource(r, envs[i], config[p.Name]) {
				report(r.URN, msg)
			}
		}
	}
	return out
}
