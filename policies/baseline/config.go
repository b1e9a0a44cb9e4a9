package baseline

// Policy configuration arrives from the engine as decoded JSON (strings, float64, []any,
// map[string]any), validated against the policy's schema; an unset key means the default.

func configString(config map[string]any, key, def string) string {
	if s, ok := config[key].(string); ok && s != "" {
		return s
	}
	return def
}

func configStrings(config map[string]any, key string, def []string) []string {
	raw, ok := config[key].([]any)
	if !ok {
		return def
	}
	out := make([]string, 0, len(raw))
	for _, e := range raw {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// schemaStrings turns a Go list into the []any a JSON schema default needs (structpb cannot
// encode []string).
func schemaStrings(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}
