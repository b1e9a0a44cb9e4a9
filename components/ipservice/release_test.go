package ipservice

import (
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ip-platform/infra/internal/offline"
)

func deployments(m *offline.Mocks) map[string]offline.Resource {
	out := map[string]offline.Resource{}
	for _, d := range m.OfType(deploymentType) {
		out[d.Input("metadata.name").(string)] = d
	}
	return out
}

func TestRollingIsOneDeploymentScaledByTheHPA(t *testing.T) {
	m, _ := run(t, trademarkArgs())
	ds := deployments(m)
	require.Len(t, ds, 1)
	assert.Equal(t, "stable", ds["trademark"].Input("spec.selector.matchLabels").(map[string]any)["ip-platform.io/track"])
}

func TestBlueGreenSwitchesTheServiceSelector(t *testing.T) {
	for _, active := range []string{Blue, Green} {
		t.Run(active, func(t *testing.T) {
			a := trademarkArgs()
			a.Release = Release{Strategy: BlueGreen, ActiveColor: active, CandidateImage: testCandidate}
			m, _ := run(t, a)
			ds := deployments(m)
			require.Len(t, ds, 2, "blue-green runs two Deployments")
			idle := map[string]string{Blue: Green, Green: Blue}[active]

			activeD, idleD := ds["trademark-"+active], ds["trademark-"+idle]
			require.NotNil(t, activeD.Inputs, "no %s Deployment", active)
			assert.Equal(t, testImage, container(t, activeD)["image"], "the active color runs the released image")
			assert.Equal(t, testCandidate, container(t, idleD)["image"], "the idle color runs the candidate")
			assert.Nil(t, activeD.Input("spec.replicas"), "the HPA scales the active color")
			assert.Equal(t, 3.0, idleD.Input("spec.replicas"), "the idle color stays warm at the HPA floor")

			svc := named(t, m, serviceType, "trademark-service")
			assert.Equal(t, active, svc.Input("spec.selector").(map[string]any)["ip-platform.io/color"], "the Service must select the active color only")
			assert.Equal(t, "trademark-"+active, named(t, m, hpaType, "trademark-hpa").Input("spec.scaleTargetRef.name"))
			assert.Equal(t, "trademark-"+active, named(t, m, vpaType, "trademark-vpa").Input("spec.targetRef.name"))
		})
	}
}

func TestCanarySplitsByReplicaRatio(t *testing.T) {
	a := trademarkArgs()
	a.MinReplicas, a.MaxReplicas = 4, 10
	a.Release = Release{Strategy: Canary, CanaryWeight: 25, CandidateImage: testCandidate}
	m, _ := run(t, a)
	ds := deployments(m)
	require.Len(t, ds, 2, "canary runs a stable and a canary Deployment")

	canary := ds["trademark-canary"]
	assert.Equal(t, 1.0, canary.Input("spec.replicas"), "25%% of a baseline of 4 is one canary pod")
	assert.Equal(t, testCandidate, container(t, canary)["image"])
	assert.Equal(t, testImage, container(t, ds["trademark"])["image"])

	selector := named(t, m, serviceType, "trademark-service").Input("spec.selector").(map[string]any)
	assert.NotContains(t, selector, "ip-platform.io/track", "the Service must select both tracks for the ratio to split traffic")
	h := named(t, m, hpaType, "trademark-hpa")
	assert.Equal(t, "trademark", h.Input("spec.scaleTargetRef.name"), "the HPA scales the stable track")
	assert.Equal(t, 3.0, h.Input("spec.minReplicas"))
	assert.Equal(t, 9.0, h.Input("spec.maxReplicas"), "stable and canary together stay within MaxReplicas")

	// The two Deployments must not select each other's pods.
	assert.NotEqual(t, canary.Input("spec.selector.matchLabels"), ds["trademark"].Input("spec.selector.matchLabels"))
}

func TestCanarySplit(t *testing.T) {
	cases := []struct{ n, weight, canary, stable int }{
		{4, 0, 0, 4},
		{4, 25, 1, 3},
		{4, 50, 2, 2},
		{3, 10, 1, 2}, // a small weight still gets one pod
		{3, 90, 2, 1}, // below 100 the stable track keeps a pod
		{1, 50, 1, 1},
		{4, 100, 4, 0},
		{10, 15, 2, 8},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d pods at %d%%", tc.n, tc.weight), func(t *testing.T) {
			c, s := canarySplit(tc.n, tc.weight)
			assert.Equal(t, tc.canary, c, "canary pods")
			assert.Equal(t, tc.stable, s, "stable pods")
		})
	}
}

func TestFlagsChecksumIgnoresOrderButNotContent(t *testing.T) {
	a := flagsChecksum(map[string]string{"A": "1", "B": "2"})
	b := flagsChecksum(map[string]string{"B": "2", "A": "1"})
	assert.Equal(t, a, b)
	assert.NotEqual(t, flagsChecksum(map[string]string{"A": "1=B"}), flagsChecksum(map[string]string{"A=1": "B"}))
	assert.Len(t, flagsChecksum(nil), 64)
}

// BenchmarkServices runs the component for n services of the same shape under mocks; cost must
// grow linearly with n.
func BenchmarkServices(b *testing.B) {
	for _, n := range []int{3, 30, 100} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				_, err := offline.Run(offline.Program{Region: "eu-west-1"}, func(ctx *pulumi.Context) error {
					for i := range n {
						a := trademarkArgs()
						a.ServiceName = fmt.Sprintf("svc-%03d", i)
						if _, err := NewService(ctx, a.ServiceName, a); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
