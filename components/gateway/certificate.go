package gateway

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/acm"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/ip-platform/infra/internal/tags"
)

// validationTTL is the TTL of the ACM validation record; ACM re-checks it at every renewal.
const validationTTL = 300

// newCertificate requests a DNS-validated ACM certificate for the domain, writes its validation
// record into the hosted zone, and returns the certificate's ARN once ACM has issued it: the
// listener must never be given a certificate that is still pending.
//
// DNS validation (not email) lets ACM renew the certificate by itself for as long as the record
// stays in the zone.
func newCertificate(ctx *pulumi.Context, name string, a EdgeArgs, parent pulumi.ResourceOption) (pulumi.StringOutput, error) {
	cert, err := acm.NewCertificate(ctx, name+"-cert", &acm.CertificateArgs{
		DomainName:       pulumi.String(a.Domain),
		ValidationMethod: pulumi.String("DNS"),
		KeyAlgorithm:     pulumi.String("RSA_2048"),
		Tags:             tags.Name(a.Domain),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("certificate: %w", err)
	}

	// One domain, no alternative names: exactly one validation option.
	option := cert.DomainValidationOptions.Index(pulumi.Int(0))
	record, err := route53.NewRecord(ctx, name+"-cert-validation", &route53.RecordArgs{
		ZoneId:  pulumi.String(a.HostedZoneID),
		Name:    option.ResourceRecordName().Elem(),
		Type:    option.ResourceRecordType().Elem(),
		Records: pulumi.StringArray{option.ResourceRecordValue().Elem()},
		Ttl:     pulumi.Int(validationTTL),
		// A certificate re-created for the same domain gets the same validation record: take it over
		// instead of failing on the one left by its predecessor.
		AllowOverwrite: pulumi.Bool(true),
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("certificate validation record: %w", err)
	}

	validation, err := acm.NewCertificateValidation(ctx, name+"-cert", &acm.CertificateValidationArgs{
		CertificateArn:        cert.Arn,
		ValidationRecordFqdns: pulumi.StringArray{record.Fqdn},
	}, parent)
	if err != nil {
		return pulumi.StringOutput{}, fmt.Errorf("certificate validation: %w", err)
	}
	return validation.CertificateArn, nil
}
