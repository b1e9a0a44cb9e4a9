package gateway

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// apiRecordTTL is short so that clients follow quickly if the controller ever replaces the ALB.
const apiRecordTTL = 60

// newDNSRecord points the API's domain at the ALB. A CNAME, not an alias: the controller owns
// the ALB, so its canonical hosted zone is not known to this program without a look-up, and the
// domain is never a zone apex.
func newDNSRecord(ctx *pulumi.Context, name string, a GatewayArgs, hostname pulumi.StringOutput, parent pulumi.ResourceOption) error {
	if _, err := route53.NewRecord(ctx, name+"-api", &route53.RecordArgs{
		ZoneId:  pulumi.String(a.HostedZoneID),
		Name:    pulumi.String(a.Domain),
		Type:    pulumi.String("CNAME"),
		Ttl:     pulumi.Int(apiRecordTTL),
		Records: pulumi.StringArray{hostname},
	}, parent); err != nil {
		return fmt.Errorf("api dns record: %w", err)
	}
	return nil
}
