package gateway

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiRecordTTL is short so that clients follow quickly if the controller ever replaces the ALB.
const apiRecordTTL = 60

// APIRecordArgs describes the API's DNS record.
type APIRecordArgs struct {
	// Domain is the API's host name (GatewayArgs.Domain). Required: lower case, below the zone's
	// apex (a CNAME cannot sit at an apex).
	Domain string
	// HostedZoneID is the Route 53 public hosted zone that holds Domain. Required.
	HostedZoneID string
	// LoadBalancerHostname is the ALB's DNS name (Gateway.LoadBalancerHostname). Required.
	LoadBalancerHostname pulumi.StringInput
}

// APIRecord is the API's public name, pointing at the load balancer the controller created for
// the gateway's Ingresses. It is AWS-side but comes after the Kubernetes side (NewGateway): the
// load balancer exists only once the controller has acted on the Ingresses.
type APIRecord struct {
	pulumi.ResourceState

	// Fqdn is the record's name as Route 53 reports it.
	Fqdn pulumi.StringOutput
}

// NewAPIRecord points Domain at the ALB. A CNAME, not an alias: the controller owns the ALB, so
// its canonical hosted zone is not known to this program without a look-up, and the domain is
// never a zone apex. opts must carry the AWS provider.
func NewAPIRecord(ctx *pulumi.Context, name string, args *APIRecordArgs, opts ...pulumi.ResourceOption) (*APIRecord, error) {
	if args == nil {
		return nil, fmt.Errorf("gateway api record %s: args are required", name)
	}
	if err := validateRecord(args); err != nil {
		return nil, fmt.Errorf("gateway api record %s: %w", name, err)
	}
	r := &APIRecord{}
	err := ctx.RegisterComponentResourceV2("ip-platform:gateway:APIRecord", name, pulumi.Map{
		"domain": pulumi.String(args.Domain),
	}, r, opts...)
	if err != nil {
		return nil, err
	}
	record, err := route53.NewRecord(ctx, name+"-api", &route53.RecordArgs{
		ZoneId:  pulumi.String(args.HostedZoneID),
		Name:    pulumi.String(args.Domain),
		Type:    pulumi.String("CNAME"),
		Ttl:     pulumi.Int(apiRecordTTL),
		Records: pulumi.StringArray{args.LoadBalancerHostname},
	}, pulumi.Parent(r))
	if err != nil {
		return nil, fmt.Errorf("gateway api record %s: %w", name, err)
	}
	r.Fqdn = record.Fqdn
	return r, ctx.RegisterResourceOutputs(r, pulumi.Map{"fqdn": r.Fqdn})
}
