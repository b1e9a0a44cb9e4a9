// Package helmvalues holds the pieces of Helm chart values that several components set the same way:
// a chart's service account, a container's requests and limits, and the conversion of a typed
// values struct into the plain map a Helm release takes. Components write their chart values as
// typed Go structs (the compiler checks the field names and the JSON tags document the chart's
// keys); these shared shapes keep the common keys spelled once.
package helmvalues

import (
	"encoding/json"
	"fmt"
)

// ServiceAccount is the serviceAccount block most charts accept. The name is what a pod identity
// association names, so it is always set; no role annotation is needed (Pod Identity binds the
// role by association, components/podidentity), hence Annotations is usually empty.
type ServiceAccount struct {
	Create      bool              `json:"create"`
	Name        string            `json:"name"`
	Annotations map[string]string `json:"annotations,omitempty"`
}

// CredentialsAnnotationKey and CredentialsAnnotationValue mark, in the pod template of every
// workload that calls AWS, where its credentials come from. EKS injects credentials into a pod
// when it is created, and moving a live stack from IRSA to Pod Identity changes only the service
// account (its role annotation goes) and the role, which rolls no pod: the pods would keep the old
// IRSA role until it is deleted. Changing this value changes the pod template, so the update rolls
// the pods and they start on the new credentials.
const (
	CredentialsAnnotationKey   = "ip-platform.io/aws-credentials"
	CredentialsAnnotationValue = "eks-pod-identity"
)

// CredentialsAnnotations is the pod annotation of CredentialsAnnotationKey, for a chart's
// podAnnotations value.
func CredentialsAnnotations() map[string]string {
	return map[string]string{CredentialsAnnotationKey: CredentialsAnnotationValue}
}

// Resources are a container's requests and limits, in the chart form
// {requests: {cpu, memory}, limits: {cpu, memory}}.
type Resources struct {
	Requests ResourceList `json:"requests"`
	Limits   ResourceList `json:"limits"`
}

// ResourceList is a CPU and a memory quantity, as Kubernetes writes them ("250m", "512Mi").
type ResourceList struct {
	CPU    string `json:"cpu"`
	Memory string `json:"memory"`
}

// NewResources returns the requests and limits of a container.
func NewResources(cpuRequest, memoryRequest, cpuLimit, memoryLimit string) Resources {
	return Resources{
		Requests: ResourceList{CPU: cpuRequest, Memory: memoryRequest},
		Limits:   ResourceList{CPU: cpuLimit, Memory: memoryLimit},
	}
}

// ToMap converts typed chart values to the plain map a Helm release takes, through their JSON form,
// so the JSON tags (and omitempty) decide the keys.
func ToMap(v any) (map[string]any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("marshal chart values: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("unmarshal chart values: %w", err)
	}
	return m, nil
}
