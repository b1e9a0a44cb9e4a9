package offline

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// computed returns the attributes a provider would compute for a new resource of type typ, for the
// types whose computed outputs other resources consume. Everything else gets an ARN and an ID,
// which is all most consumers read. region is the region of the resource's provider.
func (m *Mocks) computed(typ, name, id, region string, inputs resource.PropertyMap) resource.PropertyMap {
	out := resource.PropertyMap{
		"arn": resource.NewProperty(m.arn(typ, name, region)),
		"id":  resource.NewProperty(id),
	}
	str := resource.NewProperty[string]
	switch typ {
	case "aws:iam/role:Role", "aws:iam/policy:Policy", "aws:iam/instanceProfile:InstanceProfile":
		out["name"] = str(name)
		out["uniqueId"] = str("AROA" + strings.ToUpper(strings.ReplaceAll(name, "-", "")))
	case "aws:kms/key:Key":
		out["keyId"] = str(name + "-key-id")
	case "aws:ec2/vpc:Vpc":
		out["defaultSecurityGroupId"] = str(name + "-default-sg")
		out["mainRouteTableId"] = str(name + "-main-rtb")
	case "aws:ec2/launchTemplate:LaunchTemplate":
		out["latestVersion"] = resource.NewProperty(1.0)
		out["defaultVersion"] = resource.NewProperty(1.0)
	case "aws:eks/cluster:Cluster":
		clusterName := name
		if n, ok := inputs["name"]; ok && n.IsString() {
			clusterName = n.StringValue()
		}
		out["endpoint"] = str(fmt.Sprintf("https://%s.gr7.%s.eks.amazonaws.com", strings.ToUpper(clusterName), region))
		out["certificateAuthority"] = resource.NewObjectProperty(resource.PropertyMap{
			"data": str("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCm9mZmxpbmUtcGxhbgotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tCg=="),
		})
		out["identities"] = resource.NewArrayProperty([]resource.PropertyValue{
			resource.NewObjectProperty(resource.PropertyMap{
				"oidcs": resource.NewArrayProperty([]resource.PropertyValue{
					resource.NewObjectProperty(resource.PropertyMap{
						"issuer": str(fmt.Sprintf("https://oidc.eks.%s.amazonaws.com/id/0FFL1NE0PLAN", region)),
					}),
				}),
			}),
		})
		out["vpcConfig"] = withClusterSecurityGroup(inputs["vpcConfig"], name+"-cluster-sg")
		out["version"] = inputs["version"]
		out["status"] = str("ACTIVE")
	case "aws:eks/nodeGroup:NodeGroup":
		// Like the provider, name a node group given only a prefix with the prefix and a unique suffix.
		if p, ok := inputs["nodeGroupNamePrefix"]; ok && p.IsString() {
			out["nodeGroupName"] = str(p.StringValue() + "20260101000000000000000001")
		}
		out["resources"] = resource.NewArrayProperty([]resource.PropertyValue{
			resource.NewObjectProperty(resource.PropertyMap{
				"autoscalingGroups": resource.NewArrayProperty([]resource.PropertyValue{
					resource.NewObjectProperty(resource.PropertyMap{"name": str("eks-" + name + "-asg")}),
				}),
			}),
		})
	case "aws:cloudwatch/logGroup:LogGroup":
		// Log group ARNs name the service "logs" and the group by its name; IAM policies (flow logs
		// delivery) are scoped to this ARN, so the plan should show the real shape.
		if n, ok := inputs["name"]; ok && n.IsString() {
			out["arn"] = str(fmt.Sprintf("arn:aws:logs:%s:%s:log-group:%s", region, m.account(), n.StringValue()))
		}
	case "aws:s3/bucketV2:BucketV2":
		// Like the provider, name a bucket given only a prefix with the prefix and a unique suffix.
		if p, ok := inputs["bucketPrefix"]; ok && p.IsString() {
			out["bucket"] = str(p.StringValue() + "20260101000000000000000001")
		}
	case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
		if u, ok := inputs["url"]; ok && u.IsString() {
			out["arn"] = str(fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", m.account(), strings.TrimPrefix(u.StringValue(), "https://")))
		}
	case "aws:rds/instance:Instance", "aws:rds/cluster:Cluster":
		// The data tier exports the endpoint and the ARN of the master user secret RDS creates
		// (manage_master_user_password); only the ARN, never a value, exists outside AWS.
		id := stringInput(inputs, "identifier", name)
		out["address"] = str(fmt.Sprintf("%s.c0ffee0ff1ne.%s.rds.amazonaws.com", id, region))
		if _, set := inputs["port"]; !set {
			out["port"] = resource.NewProperty(5432.0)
		}
		out["masterUserSecrets"] = resource.NewArrayProperty([]resource.PropertyValue{
			resource.NewObjectProperty(resource.PropertyMap{
				"secretArn":    str(fmt.Sprintf("arn:aws:secretsmanager:%s:%s:secret:rds!db-%s-AbCdEf", region, m.account(), id)),
				"secretStatus": str("active"),
			}),
		})
		// The DbiResourceId IAM database authentication grants name (rds-db:connect).
		out["resourceId"] = str("db-" + strings.ToUpper(strings.ReplaceAll(id, "-", "")))
	case "aws:elasticache/replicationGroup:ReplicationGroup":
		id := stringInput(inputs, "replicationGroupId", name)
		out["primaryEndpointAddress"] = str(fmt.Sprintf("master.%s.c0ffee.%s.cache.amazonaws.com", id, region))
		out["readerEndpointAddress"] = str(fmt.Sprintf("replica.%s.c0ffee.%s.cache.amazonaws.com", id, region))
	case "aws:acm/certificate:Certificate":
		// ACM hands back the CNAME that proves control of the domain; the gateway writes it into
		// the hosted zone, so the plan should show a record of the real shape.
		domain := stringInput(inputs, "domainName", name)
		out["domainValidationOptions"] = resource.NewArrayProperty([]resource.PropertyValue{
			resource.NewObjectProperty(resource.PropertyMap{
				"domainName":          str(domain),
				"resourceRecordName":  str("_0ff11ne0validation." + domain + "."),
				"resourceRecordType":  str("CNAME"),
				"resourceRecordValue": str("_0ff11ne0validation.acm-validations.aws."),
			}),
		})
	case "aws:route53/record:Record":
		out["fqdn"] = str(strings.TrimSuffix(stringInput(inputs, "name", name), "."))
	case "aws:cloudwatch/eventRule:EventRule":
		// EventBridge rule ARNs name the service "events" and the rule by its name; the alarm
		// topic's policy admits rules by this ARN, so the plan should show the real shape.
		out["arn"] = str(fmt.Sprintf("arn:aws:events:%s:%s:rule/%s", region, m.account(), stringInput(inputs, "name", name)))
	case "aws:ecr/repository:Repository":
		out["repositoryUrl"] = str(fmt.Sprintf("%s.dkr.ecr.%s.amazonaws.com/%s", m.account(), region, stringInput(inputs, "name", name)))
	case "kubernetes:networking.k8s.io/v1:Ingress":
		// The load balancer controller reports the ALB it created on the Ingress's status; the
		// gateway points its DNS record there.
		out["status"] = resource.NewObjectProperty(resource.PropertyMap{
			"loadBalancer": resource.NewObjectProperty(resource.PropertyMap{
				"ingress": resource.NewArrayProperty([]resource.PropertyValue{
					resource.NewObjectProperty(resource.PropertyMap{
						"hostname": str(fmt.Sprintf("k8s-offline-0ff11ne0-1234567890.%s.elb.amazonaws.com", region)),
					}),
				}),
			}),
		})
	}
	return out
}

// stringInput returns the string input k, or def when it is unset or not yet known.
func stringInput(inputs resource.PropertyMap, k resource.PropertyKey, def string) string {
	if v, ok := inputs[k]; ok && v.IsString() {
		return v.StringValue()
	}
	return def
}

// withClusterSecurityGroup adds the security group EKS creates for the cluster to its vpcConfig.
func withClusterSecurityGroup(vpcConfig resource.PropertyValue, sg string) resource.PropertyValue {
	obj := resource.PropertyMap{}
	if vpcConfig.IsObject() {
		obj = vpcConfig.ObjectValue().Copy()
	}
	obj["clusterSecurityGroupId"] = resource.NewProperty(sg)
	return resource.NewObjectProperty(obj)
}

// arn builds a plausible ARN from a type token such as "aws:ec2/vpc:Vpc".
func (m *Mocks) arn(typ, name, region string) string {
	service := "pulumi"
	if mod := strings.SplitN(typ, ":", 3); len(mod) == 3 {
		service = strings.SplitN(mod[1], "/", 2)[0]
	}
	switch service {
	case "iam":
		return fmt.Sprintf("arn:aws:iam::%s:%s/%s", m.account(), strings.ToLower(typeName(typ)), name)
	case "s3":
		return "arn:aws:s3:::" + name
	}
	return fmt.Sprintf("arn:aws:%s:%s:%s:%s/%s", service, region, m.account(), strings.ToLower(typeName(typ)), name)
}

func typeName(typ string) string {
	parts := strings.Split(typ, ":")
	return parts[len(parts)-1]
}
