// Package alerts builds the SNS topic that CloudWatch alarms of the platform notify: one topic per
// stack, encrypted with its own customer managed KMS key.
//
// The key is customer managed because CloudWatch cannot publish to a topic encrypted with the AWS
// managed key (alias/aws/sns): that key's policy cannot be changed to admit the CloudWatch service
// principal. Subscriptions (e-mail, chat, paging) are added by operators or the observability layer;
// the topic ARN is a stack output.
//
// Other AWS services may publish too (TopicArgs.Publishers: EventBridge rules forwarding GuardDuty
// and Inspector findings). Each is named in the key policy, which an encrypted topic's publisher
// needs, and in a topic policy that admits it only for its source ARNs in the topic's account.
package alerts
