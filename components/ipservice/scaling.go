package ipservice

import (
	"fmt"
	"maps"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/apiextensions"
	autoscalingv2 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/autoscaling/v2"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	policyv1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/policy/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// vpaAPIVersion is the VerticalPodAutoscaler API the VPA chart's CRD serves.
const vpaAPIVersion = "autoscaling.k8s.io/v1"

// scaleDownWindow keeps the HPA from shrinking on a dip shorter than five minutes, so a bursty
// service does not flap between sizes.
const scaleDownWindow = 300

func (s serviceObjects) meta(suffix string) *metav1.ObjectMetaArgs {
	return &metav1.ObjectMetaArgs{
		Name:      pulumi.String(s.a.ServiceName + suffix),
		Namespace: s.ns,
		Labels:    pulumi.ToStringMap(serviceLabels(s.a.ServiceName)),
	}
}

// serviceObjects builds the objects that sit around a service's Deployments.
type serviceObjects struct {
	ctx  *pulumi.Context
	name string
	a    ServiceArgs
	p    plan
	ns   pulumi.StringInput
	opts []pulumi.ResourceOption
}

// service is the ClusterIP Service the gateway routes to (its ALB registers the pod IPs behind it).
func (s serviceObjects) service() error {
	selector := serviceLabels(s.a.ServiceName)
	maps.Copy(selector, s.p.selector)
	ports := corev1.ServicePortArray{corev1.ServicePortArgs{
		Name: pulumi.String(portAPI), Port: pulumi.Int(s.a.APIPort), TargetPort: pulumi.String(portAPI), Protocol: pulumi.String("TCP"),
	}}
	if s.a.ManagementPort != s.a.APIPort {
		ports = append(ports, corev1.ServicePortArgs{
			Name: pulumi.String(portManagement), Port: pulumi.Int(s.a.ManagementPort), TargetPort: pulumi.String(portManagement), Protocol: pulumi.String("TCP"),
		})
	}
	_, err := corev1.NewService(s.ctx, s.name+"-service", &corev1.ServiceArgs{
		Metadata: s.meta(""),
		Spec: &corev1.ServiceSpecArgs{
			Type:     pulumi.String("ClusterIP"),
			Selector: pulumi.ToStringMap(selector),
			Ports:    ports,
		},
	}, s.opts...)
	if err != nil {
		return fmt.Errorf("service: %w", err)
	}
	return nil
}

// autoscalers creates the HPA on the scaled track and a recommendation-only VPA beside it. The VPA
// runs with updateMode "Off": it only publishes recommendations (kubectl describe vpa), never evicts
// or resizes a pod, so it cannot fight the HPA, which scales on the same CPU and memory.
func (s serviceObjects) autoscalers(target string, after []pulumi.Resource) error {
	utilization := func(resource string, percent int) autoscalingv2.MetricSpecArgs {
		return autoscalingv2.MetricSpecArgs{
			Type: pulumi.String("Resource"),
			Resource: &autoscalingv2.ResourceMetricSourceArgs{
				Name:   pulumi.String(resource),
				Target: &autoscalingv2.MetricTargetArgs{Type: pulumi.String("Utilization"), AverageUtilization: pulumi.Int(percent)},
			},
		}
	}
	ref := func() *autoscalingv2.CrossVersionObjectReferenceArgs {
		return &autoscalingv2.CrossVersionObjectReferenceArgs{ApiVersion: pulumi.String("apps/v1"), Kind: pulumi.String("Deployment"), Name: pulumi.String(target)}
	}
	_, err := autoscalingv2.NewHorizontalPodAutoscaler(s.ctx, s.name+"-hpa", &autoscalingv2.HorizontalPodAutoscalerArgs{
		Metadata: s.meta(""),
		Spec: &autoscalingv2.HorizontalPodAutoscalerSpecArgs{
			ScaleTargetRef: ref(),
			MinReplicas:    pulumi.Int(s.p.hpaMin),
			MaxReplicas:    pulumi.Int(s.p.hpaMax),
			Metrics: autoscalingv2.MetricSpecArray{
				utilization("cpu", s.a.TargetCPUUtilization),
				utilization("memory", s.a.TargetMemoryUtilization),
			},
			Behavior: &autoscalingv2.HorizontalPodAutoscalerBehaviorArgs{
				ScaleDown: &autoscalingv2.HPAScalingRulesArgs{StabilizationWindowSeconds: pulumi.Int(scaleDownWindow)},
			},
		},
	}, s.opts...)
	if err != nil {
		return fmt.Errorf("horizontal pod autoscaler: %w", err)
	}
	_, err = apiextensions.NewCustomResource(s.ctx, s.name+"-vpa", &apiextensions.CustomResourceArgs{
		ApiVersion: pulumi.String(vpaAPIVersion),
		Kind:       pulumi.String("VerticalPodAutoscaler"),
		Metadata:   s.meta(""),
		OtherFields: kubernetes.UntypedArgs{
			"spec": pulumi.Map{
				"targetRef":    pulumi.Map{"apiVersion": pulumi.String("apps/v1"), "kind": pulumi.String("Deployment"), "name": pulumi.String(target)},
				"updatePolicy": pulumi.Map{"updateMode": pulumi.String("Off")},
				"resourcePolicy": pulumi.Map{"containerPolicies": pulumi.Array{pulumi.Map{
					"containerName":       pulumi.String(s.a.ServiceName),
					"controlledResources": pulumi.ToStringArray([]string{"cpu", "memory"}),
				}}},
			},
		},
	}, append(s.opts, pulumi.DependsOn(after))...)
	if err != nil {
		return fmt.Errorf("vertical pod autoscaler: %w", err)
	}
	return nil
}

// disruptionBudget lets a node drain evict one pod of the service at a time, across all its
// tracks: with maxUnavailable rather than minAvailable a single-replica dev service never blocks a
// drain, and a production one keeps all but one pod serving.
func (s serviceObjects) disruptionBudget() error {
	_, err := policyv1.NewPodDisruptionBudget(s.ctx, s.name+"-pdb", &policyv1.PodDisruptionBudgetArgs{
		Metadata: s.meta(""),
		Spec: &policyv1.PodDisruptionBudgetSpecArgs{
			MaxUnavailable: pulumi.Int(1),
			Selector:       &metav1.LabelSelectorArgs{MatchLabels: pulumi.ToStringMap(serviceLabels(s.a.ServiceName))},
			// A pod that never became ready protects nothing; let drains evict it.
			UnhealthyPodEvictionPolicy: pulumi.String("AlwaysAllow"),
		},
	}, s.opts...)
	if err != nil {
		return fmt.Errorf("pod disruption budget: %w", err)
	}
	return nil
}
