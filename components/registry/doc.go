// Package registry creates the ECR repositories the platform's service images are pushed to and
// pulled from: one repository per service, all under one stack-specific prefix
// ("ip-platform/prod/trademark").
//
// Every repository scans images on push, refuses to overwrite a tag (IMMUTABLE: a tag that was
// tested in staging names the same bytes in prod), is encrypted with a customer managed KMS key
// that rotates yearly, and carries a lifecycle policy that expires untagged images after a few days
// and keeps only the newest tagged ones.
//
// Each stack owns its own repositories; images are promoted between stacks by copying the tested
// digest (see README, "Container registry").
package registry
