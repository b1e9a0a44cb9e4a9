// Package ipservice builds one IP service (trademark, copyright, recommendation) on the cluster:
// everything a tenant of the platform needs, in its own namespace, so the three services are the
// same component with different Args and a new one is a config entry, not new code.
//
// For a service it creates:
//   - a namespace labelled for Pod Security Admission "restricted" (enforce, audit, warn), with a
//     ResourceQuota sized from the service's own limits and replica ceiling, and a LimitRange that
//     gives a container that forgot its resources the service's requests and limits;
//   - a ServiceAccount (no API token mounted: the service never calls the Kubernetes API) bound to
//     the IRSA role given as RoleArn;
//   - an External Secrets Operator SecretStore that authenticates AS that service account
//     (auth.jwt.serviceAccountRef), and an ExternalSecret that turns the database credentials into
//     a Kubernetes Secret: the operator itself needs no access to service secrets;
//   - one or two Deployments depending on the release strategy (release.go): restricted security
//     context, startup/liveness/readiness probes on the management port, zone and host topology
//     spread, the feature-flag ConfigMap with a checksum annotation so a flag change rolls the pods;
//   - a Service, a HorizontalPodAutoscaler on CPU and memory, a PodDisruptionBudget, a
//     VerticalPodAutoscaler in recommendation-only mode ("Off": it never evicts, so it never fights
//     the HPA), and NetworkPolicies: default deny, ingress only from the gateway's subnets on the
//     API port and the readiness probe's port (the load balancer health-checks the readiness
//     endpoint; Service.ReadinessPort and ReadinessPath tell the gateway where it is) and from
//     Prometheus on the management port, egress only to DNS, PostgreSQL, Redis and the
//     OpenTelemetry collector;
//   - with Mesh.Enrolled (mesh.go), the ambient mesh's share: the namespace's enrolment and
//     waypoint labels, quota room for the waypoint, a NetworkPolicy admitting mesh traffic (HBONE
//     from Prometheus) and the kubelet probes the mesh rewrites, and an HTTPRoute on the Service
//     (GAMMA) with the service's timeouts and retries; under MeshCanary it weighs a stable and a
//     canary Service. The waypoint and the AuthorizationPolicy are components/mesh's.
//
// Contract with the observability layer: the collector runs in namespace "observability" with pod
// label app.kubernetes.io/name=otel-collector (OTLP gRPC 4317, HTTP 4318), and Prometheus in the
// same namespace with app.kubernetes.io/name=prometheus. The NetworkPolicies name exactly these.
//
// The role is the AWS side, built apart by NewRole so NewService runs against any cluster given the
// AWS values: an IRSA role (components/irsa) trusted by exactly that service account, that may only
// read the service's own secrets (the database secret and Redis connection settings it is given,
// and ip-platform/<stack>/<service>/*) and connect to Redis as its user (IAM authentication: the
// service signs short-lived tokens, so there is no Redis password anywhere).
//
// Pass the AWS provider to NewRole and the Kubernetes provider to NewService in opts; children
// inherit them.
package ipservice
