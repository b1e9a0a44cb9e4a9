//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// kubeClient is the few REST calls the harness makes itself (CRDs, fake nodes, ingress status,
// leftover checks). The program's objects go through the Pulumi provider, never through this.
type kubeClient struct {
	url, token string
	http       *http.Client
}

func newKubeClient(url, token string, caPEM []byte) *kubeClient {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	return &kubeClient{url: url, token: token, http: &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}},
	}}
}

// apiError is a non-2xx answer of the API server, with its message.
type apiError struct {
	Method, Path string
	Code         int
	Message      string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Code, e.Message)
}

func isNotFound(err error) bool {
	apiErr, ok := err.(*apiError)
	return ok && apiErr.Code == http.StatusNotFound
}

// do sends body (marshalled to JSON unless it is already []byte) and decodes the answer into out.
// An answer 429 (too many requests, or a CRD's storage still initializing) is retried for up to
// ten seconds, as client-go does.
func (c *kubeClient) do(ctx context.Context, method, path, contentType string, body, out any) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := c.once(ctx, method, path, contentType, body, out)
		apiErr, ok := err.(*apiError)
		if !ok || apiErr.Code != http.StatusTooManyRequests || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(500 * time.Millisecond):
		}
	}
}

func (c *kubeClient) once(ctx context.Context, method, path, contentType string, body, out any) error {
	var reader io.Reader
	if body != nil {
		b, ok := body.([]byte)
		if !ok {
			var err error
			if b, err = json.Marshal(body); err != nil {
				return err
			}
		}
		reader = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.url+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		if contentType == "" {
			contentType = "application/json"
		}
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		var status struct {
			Message string `json:"message"`
		}
		if json.Unmarshal(data, &status) != nil || status.Message == "" {
			status.Message = string(data)
		}
		return &apiError{Method: method, Path: path, Code: resp.StatusCode, Message: status.Message}
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

func (c *kubeClient) get(ctx context.Context, path string, out any) error {
	return c.do(ctx, http.MethodGet, path, "", nil, out)
}

// apply creates or updates an object with server-side apply, as field manager "ip-platform-e2e".
func (c *kubeClient) apply(ctx context.Context, path string, obj []byte) error {
	return c.do(ctx, http.MethodPatch, path+"?fieldManager=ip-platform-e2e&force=true", "application/apply-patch+yaml", obj, nil)
}

// waitReady polls /readyz until the API server answers ok.
func (c *kubeClient) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		if last = c.do(ctx, http.MethodGet, "/readyz", "", nil, nil); last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	return fmt.Errorf("/readyz after %s: %v", timeout, last)
}
