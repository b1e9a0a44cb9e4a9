// Package ipservice builds one IP service (trademark, copyright, recommendation) on the cluster:
// everything a tenant of the platform needs, in its own namespace, so the three services are the
// same component with different Args and a new one is a config entry, not new code.
//
// For a service it creates:
//   - a namespace labelled for Pod Security Admission "restricted" (enforce, audit, warn), with a
//     ResourceQuota sized from the service's own limits and replica ceiling, and a LimitRange that
//     gives a container that forgot its resources the service's requests and limits;
//   - the ServiceAccount its pods run as (no API token mounted: the service never calls the
//     Kubernetes API), which NewRole's pod identity association binds to the service's role, and
//     a second one, <service>-secrets, annotated with the IRSA role given as SecretsRoleArn, that
//     no pod runs as;
//   - an External Secrets Operator SecretStore that authenticates AS that secrets account
//     (auth.jwt.serviceAccountRef), for the service's own secrets: the operator itself needs no
//     access to service secrets, and the service's pods no right to read them. No database
//     password is synced: the service connects as its own PostgreSQL user (DatabaseUser, made
//     by components/dbusers) with IAM authentication (DB_AUTH_MODE=iam), and its Deployments
//     wait for Database.Ready;
//   - one or two Deployments depending on the release strategy (release.go): restricted security
//     context, startup/liveness/readiness probes on the management port, zone and host topology
//     spread, CPU, memory and ephemeral-storage requests and limits with a /tmp emptyDir bounded
//     by sizeLimit (storage.go), the feature-flag ConfigMap with a checksum annotation so a flag
//     change rolls the pods;
//   - a Service, a HorizontalPodAutoscaler on CPU and memory, a PodDisruptionBudget, a
//     VerticalPodAutoscaler in recommendation-only mode ("Off": it never evicts, so it never fights
//     the HPA), and NetworkPolicies: default deny, ingress only from the gateway's subnets on the
//     API port and the readiness probe's port (the load balancer health-checks the readiness
//     endpoint; Service.ReadinessPort and ReadinessPath tell the gateway where it is) and from
//     Prometheus on the management port, egress only to DNS, PostgreSQL, Redis, the
//     OpenTelemetry collector and the node's pod identity agent (169.254.170.23:80, where the
//     AWS SDK gets the pods' credentials);
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
// The roles are the AWS side, built apart so NewService runs against any cluster given the AWS
// values (components/podidentity):
//   - NewRole: the pods' EKS Pod Identity role and its association with the service's account,
//     which may only connect to Redis as the service's user and to PostgreSQL as its own user
//     (rds-db:connect on that dbuser of that instance; IAM authentication for both: the service
//     signs short-lived tokens locally, so there is no password anywhere and no call to STS);
//   - NewSecretsRole: the IRSA role of the secrets account, which may only read the service's own
//     secrets (the Redis connection settings it is given and ip-platform/<stack>/<service>/*),
//     never the database's master secret.
//
// Pass the AWS provider to NewRole and the Kubernetes provider to NewService in opts; children
// inherit them.
package ipservice
