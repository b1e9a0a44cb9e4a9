package ipservice

// Label keys the component sets on pods. The name and part-of labels are the platform's contract
// (the policy pack and dashboards select on them); track and color tell the Deployments of one
// service apart.
const (
	LabelName    = "app.kubernetes.io/name"
	LabelPartOf  = "app.kubernetes.io/part-of"
	LabelTrack   = "ip-platform.io/track"
	LabelColor   = "ip-platform.io/color"
	PartOf       = "ip-platform"
	trackStable  = "stable"
	trackCanary  = "canary"
	flagsHashKey = "ip-platform.io/feature-flags-checksum"
)

// track is one Deployment of a service.
type track struct {
	// suffix is appended to the service name for the Deployment's name ("" for the main one).
	suffix string
	// labels tell this Deployment's pods apart from the other track's; part of its selector.
	labels map[string]string
	image  string
	// replicas is nil for the Deployment the HPA scales (setting it would fight the HPA on every
	// deploy), a fixed count otherwise.
	replicas *int
}

// scaled reports whether the HPA owns the track's replica count.
func (t track) scaled() bool { return t.replicas == nil }

// plan is what a release strategy deploys: its Deployments and the Service's pod selector.
type plan struct {
	tracks []track
	// selector is the Service's selector on top of the name label.
	selector map[string]string
	// hpaMin and hpaMax bound the HPA of the scaled track.
	hpaMin, hpaMax int
}

// releasePlan turns a release strategy into Deployments. a has its defaults filled in.
//
// Canary splits traffic by replica ratio, not by ALB weighted target groups: both tracks carry
// the Service's selector, so kube-proxy and the ALB (ip targets of the one Service) spread
// requests over all ready pods. Weighted target groups would need a second Service and weighted
// forward actions in the gateway's Ingress, coupling every canary step to the gateway; the ratio
// keeps a release inside the service's namespace. Its price: the split is as coarse as the
// replica count (one pod of four is 25%), and under load the HPA grows only the stable track, so
// the canary's share shrinks (which errs on the safe side).
func releasePlan(a ServiceArgs) plan {
	name := map[string]string{}
	switch a.Release.Strategy {
	case BlueGreen:
		idle := Green
		if a.Release.ActiveColor == Green {
			idle = Blue
		}
		// The idle color stays at the HPA's floor so that switching the selector to it moves
		// traffic onto warm capacity rather than one pod.
		warm := a.MinReplicas
		colors := map[string]track{
			a.Release.ActiveColor: {labels: map[string]string{LabelColor: a.Release.ActiveColor}, image: a.Image},
			idle:                  {labels: map[string]string{LabelColor: idle}, image: a.Release.CandidateImage, replicas: &warm},
		}
		blue, green := colors[Blue], colors[Green]
		blue.suffix, green.suffix = "-"+Blue, "-"+Green
		return plan{
			tracks:   []track{blue, green},
			selector: map[string]string{LabelColor: a.Release.ActiveColor},
			hpaMin:   a.MinReplicas,
			hpaMax:   a.MaxReplicas,
		}
	case Canary:
		canary, stable := canarySplit(a.MinReplicas, a.Release.CanaryWeight)
		c := canary
		return plan{
			tracks: []track{
				{labels: map[string]string{LabelTrack: trackStable}, image: a.Image},
				{suffix: "-" + trackCanary, labels: map[string]string{LabelTrack: trackCanary}, image: a.Release.CandidateImage, replicas: &c},
			},
			selector: name,
			hpaMin:   max(stable, 1),
			hpaMax:   max(a.MaxReplicas-canary, stable, 1),
		}
	case MeshCanary:
		// The weight, not the replica count, splits the traffic, so the stable track keeps the
		// whole baseline and the canary runs the pods its share of the baseline needs (at least
		// one above weight 0). The gateway's load balancer is outside the mesh and reaches pods
		// through the main Service: it selects the stable track only, so requests that bypass the
		// waypoint never reach an unproven canary.
		canary, _ := canarySplit(a.MinReplicas, a.Release.CanaryWeight)
		return plan{
			tracks: []track{
				{labels: map[string]string{LabelTrack: trackStable}, image: a.Image},
				{suffix: "-" + trackCanary, labels: map[string]string{LabelTrack: trackCanary}, image: a.Release.CandidateImage, replicas: &canary},
			},
			selector: map[string]string{LabelTrack: trackStable},
			hpaMin:   a.MinReplicas,
			hpaMax:   a.MaxReplicas,
		}
	default:
		return plan{
			tracks:   []track{{labels: map[string]string{LabelTrack: trackStable}, image: a.Image}},
			selector: name,
			hpaMin:   a.MinReplicas,
			hpaMax:   a.MaxReplicas,
		}
	}
}

// canarySplit divides a baseline of n pods at weight percent: the canary gets weight% of them,
// rounded to the nearest pod but at least one when the weight is above zero (a weight the replica
// count cannot express still gets a canary), and the stable track the rest, at least one while the
// weight is below 100.
func canarySplit(n, weight int) (canary, stable int) {
	canary = (n*weight + 50) / 100
	if weight > 0 && canary == 0 {
		canary = 1
	}
	if weight < 100 && canary >= n {
		canary = max(n-1, 0)
		if weight > 0 && canary == 0 {
			canary = 1 // one pod of each: the closest a baseline of one gets to a partial weight
		}
	}
	stable = max(n-canary, 0)
	if weight < 100 && stable == 0 {
		stable = 1
	}
	return canary, stable
}
