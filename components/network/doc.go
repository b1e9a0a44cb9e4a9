// Package network builds the VPC the platform runs in: a multi-AZ network with three subnet tiers
// per availability zone and the routing, logging and endpoints around them.
//
//   - public subnets hold only what must face the internet: NAT gateways and the load balancers the
//     AWS Load Balancer Controller creates (tagged kubernetes.io/role/elb);
//   - private subnets hold the workloads: EKS nodes and, through the VPC CNI, every pod's IP. They are
//     the largest blocks and reach the internet through NAT (tagged kubernetes.io/role/internal-elb);
//   - isolated subnets hold the data tier (RDS, ElastiCache) and have no route out of the VPC at all.
//
// Egress goes through one NAT gateway per AZ in production, so an AZ outage never cuts the egress of
// the others, or through a single NAT gateway where cost matters more than that (dev). An S3 gateway
// endpoint keeps image-layer pulls (ECR serves layers from S3) off the NAT gateways, and optional
// interface endpoints (ECR, STS, CloudWatch Logs) keep image pulls, IRSA and log shipping inside the
// VPC. All traffic is recorded by VPC flow logs in CloudWatch Logs, and the VPC's default security
// group is adopted with no rules so nothing can use it by accident (CIS AWS Foundations 5.4).
//
// The subnet layout is a pure function (PlanSubnets) of the VPC CIDR and the AZ list: the same
// inputs always give the same, non-overlapping blocks, and adding an AZ (up to six) never moves
// the subnets of the existing ones.
package network
