// Package stackfile reads Pulumi.yaml and a Pulumi.<stack>.yaml the way the Pulumi engine hands them
// to a program: namespaced keys to strings, structured values as JSON, the project's declared
// defaults applied. It lets the offline plan and the stack tests run the program on the real stack
// files without the Pulumi CLI. Secure (encrypted) values cannot be decrypted here: they become the
// placeholder "[secret]" and their keys are reported as secret.
package stackfile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// SecretPlaceholder stands in for a value encrypted in the stack file.
const SecretPlaceholder = "[secret]"

// Project is the part of Pulumi.yaml the program depends on.
type Project struct {
	Name    string                `yaml:"name"`
	Runtime any                   `yaml:"runtime"`
	Config  map[string]ProjectKey `yaml:"config"`
}

// ProjectKey is one entry of Pulumi.yaml's project-level config block.
type ProjectKey struct {
	Type        string     `yaml:"type"`
	Items       *ItemsType `yaml:"items"`
	Description string     `yaml:"description"`
	Default     any        `yaml:"default"`
	Secret      bool       `yaml:"secret"`
}

// ItemsType is the element type of an array config key.
type ItemsType struct {
	Type string `yaml:"type"`
}

// Stack is one stack's configuration, ready to hand to the program.
type Stack struct {
	Project    string
	Name       string
	Values     map[string]string
	SecretKeys []string
}

// LoadProject reads Pulumi.yaml from dir.
func LoadProject(dir string) (*Project, error) {
	b, err := os.ReadFile(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return nil, fmt.Errorf("read project file: %w", err)
	}
	var p Project
	if err := yaml.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("parse Pulumi.yaml: %w", err)
	}
	if p.Name == "" {
		return nil, fmt.Errorf("parse Pulumi.yaml: the project has no name")
	}
	return &p, nil
}

// Load reads the project in dir and the configuration of stack, from file when it is not empty and
// from dir/Pulumi.<stack>.yaml otherwise.
func Load(dir, stack, file string) (*Stack, error) {
	project, err := LoadProject(dir)
	if err != nil {
		return nil, err
	}
	if file == "" {
		file = filepath.Join(dir, "Pulumi."+stack+".yaml")
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read stack file: %w", err)
	}
	var doc struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}

	s := &Stack{Project: project.Name, Name: stack, Values: map[string]string{}}
	for k, v := range doc.Config {
		full := qualify(project.Name, k)
		raw, secret, err := engineValue(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", file, k, err)
		}
		s.Values[full] = raw
		if secret {
			s.SecretKeys = append(s.SecretKeys, full)
		}
	}
	for k, decl := range project.Config {
		full := qualify(project.Name, k)
		if _, set := s.Values[full]; set || decl.Default == nil {
			continue // unset keys without a default are reported by the program's config check
		}
		raw, _, err := engineValue(decl.Default)
		if err != nil {
			return nil, fmt.Errorf("Pulumi.yaml: config %s: default: %w", k, err)
		}
		s.Values[full] = raw
	}
	sort.Strings(s.SecretKeys)
	return s, nil
}

// qualify puts a key the project declares without a namespace into the project's namespace.
func qualify(project, k string) string {
	if strings.Contains(k, ":") {
		return k
	}
	return project + ":" + k
}

// engineValue renders a YAML value as the engine passes it: strings as they are, everything else
// as JSON. It reports whether the value is or contains a secure (encrypted) value.
func engineValue(v any) (string, bool, error) {
	v, secret := redactSecure(v)
	if s, ok := v.(string); ok {
		return s, secret, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false, err
	}
	return string(b), secret, nil
}

// redactSecure replaces {secure: <ciphertext>} anywhere in v with the placeholder.
func redactSecure(v any) (any, bool) {
	switch t := v.(type) {
	case map[string]any:
		if _, ok := t["secure"]; ok && len(t) == 1 {
			return SecretPlaceholder, true
		}
		out, secret := map[string]any{}, false
		for k, e := range t {
			var s bool
			out[k], s = redactSecure(e)
			secret = secret || s
		}
		return out, secret
	case []any:
		out, secret := make([]any, len(t)), false
		for i, e := range t {
			var s bool
			out[i], s = redactSecure(e)
			secret = secret || s
		}
		return out, secret
	}
	return v, false
}
