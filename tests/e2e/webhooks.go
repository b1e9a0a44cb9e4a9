//go:build e2e

package e2e

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// clusterNetwork stands in for the pod network the API server reaches in a real cluster: the
// servers of admission webhooks and aggregated APIs are pods, and here every pod is a kwok fake
// with an address nothing answers on. The API server is told (its egress selector, network
// "cluster") to dial every in-cluster address through an HTTP CONNECT proxy; the proxy hands every
// connection to one TLS server that answers as each of those servers would when healthy:
//   - an AdmissionReview is admitted, unchanged (no patch), whoever it is for;
//   - the metrics API (metrics.k8s.io/v1beta1, metrics-server's APIService) answers discovery with
//     its resources and empty lists, so the aggregator marks it Available and namespace deletion,
//     which needs every API group's discovery, works.
//
// The server presents, for each name it is asked for (<service>.<namespace>.svc), a certificate
// of its own CA, and caBundles keeps every webhook's caBundle on that CA: what ESO's
// cert-controller, kube-webhook-certgen, istiod and the VPA admission controller do for their own
// webhooks in a real cluster (the load balancer controller's chart brings its own CA; the
// stand-in replaces it, since it is the stand-in that answers).
type clusterNetwork struct {
	// ProxySocket is the HTTP CONNECT proxy the API server's egress selector points at.
	ProxySocket string
	// EgressConfig is the EgressSelectorConfiguration file for --egress-selector-config-file.
	EgressConfig string

	caPEM    []byte
	caCert   *x509.Certificate
	caKey    *ecdsa.PrivateKey
	certs    sync.Map // server name -> *tls.Certificate
	tlsLn    net.Listener
	proxyLn  net.Listener
	mu       sync.Mutex
	answered map[string]int // what was answered, e.g. "admission" -> count
}

func startClusterNetwork(dir string) (*clusterNetwork, error) {
	n := &clusterNetwork{answered: map[string]int{}}
	var err error
	if n.caCert, n.caKey, n.caPEM, err = newCA("ip-platform-e2e-webhook-ca"); err != nil {
		return nil, err
	}
	if n.tlsLn, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		return nil, err
	}
	server := &http.Server{
		Handler:           http.HandlerFunc(n.serve),
		TLSConfig:         &tls.Config{GetCertificate: n.certificate, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 10 * time.Second,
	}
	go func() { _ = server.ServeTLS(n.tlsLn, "", "") }()
	// A unix socket: the API server's HTTP CONNECT over TCP insists on TLS to the proxy.
	n.ProxySocket = filepath.Join(dir, "egress.sock")
	if n.proxyLn, err = net.Listen("unix", n.ProxySocket); err != nil {
		n.Stop()
		return nil, err
	}
	go n.proxy()
	n.EgressConfig = filepath.Join(dir, "egress-selector.yaml")
	config := fmt.Sprintf(`apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport:
      uds:
        udsName: %s
`, n.ProxySocket)
	if err := os.WriteFile(n.EgressConfig, []byte(config), 0o600); err != nil {
		n.Stop()
		return nil, err
	}
	return n, nil
}

// Stop closes both listeners.
func (n *clusterNetwork) Stop() {
	for _, ln := range []net.Listener{n.tlsLn, n.proxyLn} {
		if ln != nil {
			ln.Close()
		}
	}
}

// Answered counts what the server answered, by kind, for the run's summary.
func (n *clusterNetwork) Answered() map[string]int {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make(map[string]int, len(n.answered))
	for k, v := range n.answered {
		out[k] = v
	}
	return out
}

func (n *clusterNetwork) count(what string) {
	n.mu.Lock()
	n.answered[what]++
	n.mu.Unlock()
}

// proxy accepts CONNECT requests for any address and joins each to the TLS server.
func (n *clusterNetwork) proxy() {
	for {
		conn, err := n.proxyLn.Accept()
		if err != nil {
			return
		}
		go n.tunnel(conn)
	}
}

func (n *clusterNetwork) tunnel(client net.Conn) {
	defer client.Close()
	reader := bufio.NewReader(client)
	req, err := http.ReadRequest(reader)
	if err != nil || req.Method != http.MethodConnect {
		_, _ = io.WriteString(client, "HTTP/1.1 405 Method Not Allowed\r\n\r\n")
		return
	}
	server, err := net.Dial("tcp", n.tlsLn.Addr().String())
	if err != nil {
		_, _ = io.WriteString(client, "HTTP/1.1 502 Bad Gateway\r\n\r\n")
		return
	}
	defer server.Close()
	if _, err := io.WriteString(client, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{}, 2)
	go func() { _, _ = io.Copy(server, reader); done <- struct{}{} }()
	go func() { _, _ = io.Copy(client, server); done <- struct{}{} }()
	<-done
}

// serve answers admission reviews and the metrics API.
func (n *clusterNetwork) serve(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost:
		n.admit(w, r)
	case strings.HasPrefix(r.URL.Path, "/apis/metrics.k8s.io/v1beta1"):
		n.metrics(w, r)
	case r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/livez":
		_, _ = io.WriteString(w, "ok")
	default:
		http.NotFound(w, r)
	}
}

func (n *clusterNetwork) admit(w http.ResponseWriter, r *http.Request) {
	var review struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Request    struct {
			UID string `json:"uid"`
		} `json:"request"`
	}
	if err := json.NewDecoder(r.Body).Decode(&review); err != nil || review.Kind != "AdmissionReview" {
		http.Error(w, "not an AdmissionReview", http.StatusBadRequest)
		return
	}
	n.count("admission reviews")
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"apiVersion": review.APIVersion, "kind": "AdmissionReview",
		"response": map[string]any{"uid": review.Request.UID, "allowed": true},
	})
}

func (n *clusterNetwork) metrics(w http.ResponseWriter, r *http.Request) {
	n.count("metrics API requests")
	w.Header().Set("Content-Type", "application/json")
	rest := strings.Trim(strings.TrimPrefix(r.URL.Path, "/apis/metrics.k8s.io/v1beta1"), "/")
	switch {
	case rest == "":
		_ = json.NewEncoder(w).Encode(map[string]any{
			"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "metrics.k8s.io/v1beta1",
			"resources": []map[string]any{
				{"name": "nodes", "singularName": "", "namespaced": false, "kind": "NodeMetrics", "verbs": []string{"get", "list"}},
				{"name": "pods", "singularName": "", "namespaced": true, "kind": "PodMetrics", "verbs": []string{"get", "list"}},
			},
		})
	case strings.HasSuffix(rest, "nodes"):
		_ = json.NewEncoder(w).Encode(map[string]any{"kind": "NodeMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": map[string]any{}, "items": []any{}})
	case strings.HasSuffix(rest, "pods"):
		_ = json.NewEncoder(w).Encode(map[string]any{"kind": "PodMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": map[string]any{}, "items": []any{}})
	default:
		http.NotFound(w, r)
	}
}

// certificate issues (once per name) a serving certificate for the name the client asked for.
func (n *clusterNetwork) certificate(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	name := hello.ServerName
	if name == "" {
		name = "cluster-network.e2e"
	}
	if c, ok := n.certs.Load(name); ok {
		return c.(*tls.Certificate), nil
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return nil, err
	}
	template := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: name},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if ip := net.ParseIP(name); ip != nil {
		template.IPAddresses = []net.IP{ip}
	} else {
		template.DNSNames = []string{name}
	}
	der, err := x509.CreateCertificate(rand.Reader, template, n.caCert, &key.PublicKey, n.caKey)
	if err != nil {
		return nil, err
	}
	c := &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	n.certs.Store(name, c)
	return c, nil
}

// webhookKinds are the admission webhook configurations whose caBundle the stand-in keeps.
var webhookKinds = []string{"mutatingwebhookconfigurations", "validatingwebhookconfigurations"}

// caBundles keeps the caBundle of every service-addressed webhook on the stand-in's CA, polling
// until ctx ends. A webhook addressed by URL is left alone (none of the charts has one).
func (n *clusterNetwork) caBundles(ctx context.Context, c *kubeClient) {
	want := base64.StdEncoding.EncodeToString(n.caPEM)
	every(ctx, 100*time.Millisecond, func() bool {
		for _, kind := range webhookKinds {
			var list struct {
				Items []struct {
					Metadata struct {
						Name string `json:"name"`
					} `json:"metadata"`
					Webhooks []struct {
						Name         string `json:"name"`
						ClientConfig struct {
							CABundle string `json:"caBundle"`
							Service  *struct {
								Name string `json:"name"`
							} `json:"service"`
						} `json:"clientConfig"`
					} `json:"webhooks"`
				} `json:"items"`
			}
			if err := c.get(ctx, "/apis/admissionregistration.k8s.io/v1/"+kind, &list); err != nil {
				continue
			}
			for _, item := range list.Items {
				var patch []map[string]any
				for i, hook := range item.Webhooks {
					if hook.ClientConfig.Service == nil || hook.ClientConfig.CABundle == want {
						continue
					}
					patch = append(patch, map[string]any{"op": "add", "path": fmt.Sprintf("/webhooks/%d/clientConfig/caBundle", i), "value": want})
				}
				if len(patch) == 0 {
					continue
				}
				path := "/apis/admissionregistration.k8s.io/v1/" + kind + "/" + url.PathEscape(item.Metadata.Name)
				if err := c.do(ctx, http.MethodPatch, path, "application/json-patch+json", patch, nil); err == nil {
					n.count("caBundles set")
				}
			}
		}
		return true
	})
}
