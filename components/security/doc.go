// Package security watches the platform at run time and turns security findings into alerts:
//
//   - an Amazon GuardDuty detector with EKS audit-log monitoring and, optionally, EKS runtime
//     monitoring (the RUNTIME_MONITORING feature);
//   - ECR enhanced scanning: Amazon Inspector scans the stack's repositories continuously, through
//     the registry scanning configuration;
//   - EventBridge rules sending GuardDuty findings at or above a severity, and Inspector's critical
//     findings on the stack's images, to the alarm SNS topic (components/alerts).
//
// # One per account and region
//
// A GuardDuty detector and an ECR registry scanning configuration exist once per AWS account and
// region, not once per stack: creating a second detector fails, and a second scanning configuration
// silently replaces the first (and destroying either stack resets it). The component assumes its
// stack is the only one in its account and region that turns them on; where stacks share an
// account, exactly one of them may (the stack tests check the stack files).
//
// # The runtime agent: an EKS add-on we manage
//
// Runtime monitoring needs the GuardDuty security agent on every node. GuardDuty can deploy it
// itself (the EKS_ADDON_MANAGEMENT additional configuration), but then GuardDuty also creates a VPC
// endpoint and a security group in every VPC of the account, outside the stack: previews do not show
// them, their tags are not ours, the agent's version follows GuardDuty's schedule rather than a
// reviewed change, and `pulumi destroy` fails on the VPC they are left in. So the detector's
// EKS_ADDON_MANAGEMENT (and the EC2 and ECS Fargate agent management, for workloads we do not run)
// is DISABLED and this component installs the agent as the EKS add-on aws-guardduty-agent on the
// stack's cluster, optionally pinned, together with the prerequisite AWS documents for managing it
// by hand: an interface endpoint for guardduty-data in the cluster's private subnets, with private
// DNS, usable only by this account's principals, reachable on 443 from the nodes only. Never turn
// GuardDuty's automated agent configuration on in the console as well: two owners of one add-on
// overwrite each other.
//
// Pass the AWS provider in opts; children inherit it.
package security
