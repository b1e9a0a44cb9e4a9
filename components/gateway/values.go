package gateway

import "github.com/ip-platform/infra/internal/helmvalues"

// controllerValues is the subset of the chart's values.yaml this component sets
// (kubernetes-sigs/aws-load-balancer-controller helm/aws-load-balancer-controller/values.yaml);
// everything else keeps the chart's default.
type controllerValues struct {
	ClusterName string `json:"clusterName"`
	// Region and VpcID are given explicitly rather than learnt from the instance metadata service:
	// the nodes answer IMDS with a hop limit of 1 (components/nodepool), which no pod reaches, and
	// the controller fails to start without them (kubernetes-sigs/aws-load-balancer-controller#3695).
	Region            string                    `json:"region"`
	VpcID             string                    `json:"vpcId"`
	ReplicaCount      int                       `json:"replicaCount"`
	ServiceAccount    helmvalues.ServiceAccount `json:"serviceAccount"`
	PodAnnotations    map[string]string         `json:"podAnnotations"`
	Resources         helmvalues.Resources      `json:"resources"`
	PodDisruption     podDisruption             `json:"podDisruptionBudget"`
	PriorityClass     string                    `json:"priorityClassName"`
	PodSecurity       podSecurityContext        `json:"podSecurityContext"`
	ContainerSecurity containerSecurity         `json:"securityContext"`
	IngressClass      string                    `json:"ingressClass"`
	// CreateClass and ClassParams off: the component creates the IngressClass itself
	// (controller.go), so it exists even where the chart is skipped, and sets no IngressClassParams.
	CreateClass   bool               `json:"createIngressClassResource"`
	ClassParams   ingressClassParams `json:"ingressClassParams"`
	DefaultTarget string             `json:"defaultTargetType"`
	// ServiceMutatorWebhook off: the gateway uses Ingress only, and with the webhook on, every
	// Service of type LoadBalancer in the cluster is rewritten to this controller, and creating
	// one fails while the controller is down.
	ServiceMutatorWebhook bool `json:"enableServiceMutatorWebhook"`
	// DefaultTags go on every load balancer, target group and security group the controller
	// creates, which the AWS provider's default tags never reach.
	DefaultTags map[string]string `json:"defaultTags,omitempty"`
	// KeepTLSSecret reuses the webhook's serving certificate across upgrades, as chart 1.x did by
	// default (3.x defaults to false and generates a new CA on every upgrade): the webhook
	// configurations' CA bundle then never changes under pods still serving the old certificate.
	KeepTLSSecret bool `json:"keepTLSSecret"`
	// ControllerConfig holds the controller's feature gates.
	ControllerConfig controllerConfig `json:"controllerConfig"`
}

type controllerConfig struct {
	FeatureGates featureGates `json:"featureGates"`
}

// featureGates are the gates that controller v3 turns on by default and this program keeps off.
// ALBGatewayAPI and NLBGatewayAPI make the controller reconcile Gateway API objects: Istio owns
// the cluster's Gateways (components/mesh), and the gates need the chart's gateway.k8s.aws CRDs,
// which Helm installs on a first install only, never on the upgrade of a 1.x release.
type featureGates struct {
	ALBGatewayAPI bool `json:"ALBGatewayAPI"`
	NLBGatewayAPI bool `json:"NLBGatewayAPI"`
}

type ingressClassParams struct {
	Create bool `json:"create"`
}

type podDisruption struct {
	MaxUnavailable int `json:"maxUnavailable"`
}

type podSecurityContext struct {
	RunAsNonRoot   bool           `json:"runAsNonRoot"`
	FSGroup        int64          `json:"fsGroup"`
	SeccompProfile seccompProfile `json:"seccompProfile"`
}

type seccompProfile struct {
	Type string `json:"type"`
}

type containerSecurity struct {
	RunAsNonRoot             bool         `json:"runAsNonRoot"`
	ReadOnlyRootFilesystem   bool         `json:"readOnlyRootFilesystem"`
	AllowPrivilegeEscalation bool         `json:"allowPrivilegeEscalation"`
	Capabilities             capabilities `json:"capabilities"`
}

type capabilities struct {
	Drop []string `json:"drop"`
}

// The controller's requests and limits. It holds every Ingress, Service, endpoint and
// TargetGroupBinding of the cluster in memory; 512Mi leaves room for a few thousand pods.
var controllerResources = helmvalues.NewResources("100m", "256Mi", "500m", "512Mi")

// nobody is the unprivileged group that makes the projected Pod Identity token readable (the
// chart's own default fsGroup).
const nobody = 65534

// buildControllerValues returns the chart values for the controller of cluster clusterName in
// vpcID. Region and VPC are given explicitly: the controller would otherwise read them from the
// node's instance metadata, which pods cannot reach with a hop limit of 1. a has its defaults
// filled in.
func buildControllerValues(a GatewayArgs, clusterName, vpcID string) controllerValues {
	return controllerValues{
		ClusterName:    clusterName,
		Region:         a.Region,
		VpcID:          vpcID,
		ReplicaCount:   a.ControllerReplicas,
		ServiceAccount: helmvalues.ServiceAccount{Create: true, Name: ServiceAccount},
		PodAnnotations: helmvalues.CredentialsAnnotations(),
		Resources:      controllerResources,
		// Webhooks fail closed: with two replicas one may go during a node drain, never both.
		PodDisruption: podDisruption{MaxUnavailable: 1},
		// The controller registers pods as ALB targets: preempting it stalls every rollout.
		PriorityClass: "system-cluster-critical",
		PodSecurity: podSecurityContext{
			RunAsNonRoot:   true,
			FSGroup:        nobody,
			SeccompProfile: seccompProfile{Type: "RuntimeDefault"},
		},
		ContainerSecurity: containerSecurity{
			RunAsNonRoot:             true,
			ReadOnlyRootFilesystem:   true,
			AllowPrivilegeEscalation: false,
			Capabilities:             capabilities{Drop: []string{"ALL"}},
		},
		IngressClass:          IngressClass,
		CreateClass:           false,
		ClassParams:           ingressClassParams{Create: false},
		DefaultTarget:         targetTypeIP,
		ServiceMutatorWebhook: false,
		DefaultTags:           a.Tags,
		KeepTLSSecret:         true,
		ControllerConfig:      controllerConfig{FeatureGates: featureGates{ALBGatewayAPI: false, NLBGatewayAPI: false}},
	}
}
