// Package iampolicy builds IAM policy documents as marshalled Go values, so a policy is checked by the
// compiler and readable in the offline plan, instead of living in hand-written JSON strings.
package iampolicy

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Version is the current IAM policy language version.
const Version = "2012-10-17"

// Document is an IAM policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// Statement is one statement of a policy document. Action and Resource are always lists, which IAM
// accepts in place of a single string.
type Statement struct {
	Sid       string                       `json:"Sid,omitempty"`
	Effect    string                       `json:"Effect"`
	Principal map[string][]string          `json:"Principal,omitempty"`
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource,omitempty"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// Allow returns an Allow statement for actions on resources.
func Allow(sid string, actions []string, resources ...string) Statement {
	return Statement{Sid: sid, Effect: "Allow", Action: actions, Resource: resources}
}

// JSON renders the document. Marshalling plain strings, lists and maps cannot fail.
func (d Document) JSON() string {
	if d.Version == "" {
		d.Version = Version
	}
	b, err := json.Marshal(d)
	if err != nil {
		panic(fmt.Sprintf("iampolicy: marshal: %v", err)) // unreachable: only strings, slices and maps
	}
	return string(b)
}

// New returns a document with the given statements.
func New(statements ...Statement) Document {
	return Document{Version: Version, Statement: statements}
}

// AssumeRoleForServices is the trust policy letting AWS services (e.g. "eks.amazonaws.com") assume
// a role.
func AssumeRoleForServices(services ...string) string {
	return New(Statement{
		Effect:    "Allow",
		Principal: map[string][]string{"Service": services},
		Action:    []string{"sts:AssumeRole"},
	}).JSON()
}

// AssumeRoleWithWebIdentity is the IRSA trust policy: only the Kubernetes service account
// namespace/serviceAccount of the cluster whose OIDC provider is providerArn may assume the role.
// issuerURL is the cluster's OIDC issuer ("https://oidc.eks.<region>.amazonaws.com/id/<id>").
func AssumeRoleWithWebIdentity(providerArn, issuerURL pulumi.StringInput, namespace, serviceAccount string) pulumi.StringOutput {
	return pulumi.All(providerArn, issuerURL).ApplyT(func(v []any) string {
		issuer := strings.TrimPrefix(v[1].(string), "https://")
		return New(Statement{
			Effect:    "Allow",
			Principal: map[string][]string{"Federated": {v[0].(string)}},
			Action:    []string{"sts:AssumeRoleWithWebIdentity"},
			Condition: map[string]map[string]string{
				"StringEquals": {
					issuer + ":sub": "system:serviceaccount:" + namespace + ":" + serviceAccount,
					issuer + ":aud": "sts.amazonaws.com",
				},
			},
		}).JSON()
	}).(pulumi.StringOutput)
}

// AssumeRoleForPodIdentity is the trust policy of an EKS Pod Identity role: the EKS Auth service
// (pods.eks.amazonaws.com) may assume it and tag the session, and only for the session tags of one
// service account of one cluster, which EKS Pod Identity sets on every session
// (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html, read 2026-12-02). Without the
// conditions any pod identity association in the account could name the role.
func AssumeRoleForPodIdentity(clusterName, namespace, serviceAccount string) string {
	return New(Statement{
		Sid:       "EksPodIdentity",
		Effect:    "Allow",
		Principal: map[string][]string{"Service": {"pods.eks.amazonaws.com"}},
		Action:    []string{"sts:AssumeRole", "sts:TagSession"},
		Condition: map[string]map[string]string{
			"StringEquals": {
				"aws:RequestTag/eks-cluster-name":           clusterName,
				"aws:RequestTag/kubernetes-namespace":       namespace,
				"aws:RequestTag/kubernetes-service-account": serviceAccount,
			},
		},
	}).JSON()
}

// ManagedPolicyArn returns the ARN of an AWS managed policy such as "AmazonEKSClusterPolicy".
func ManagedPolicyArn(name string) string {
	return "arn:aws:iam::aws:policy/" + name
}
