//go:build e2e

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// controlPlane is etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok, each a
// process of its own on loopback, with its log in dir.
type controlPlane struct {
	dir        string
	URL        string
	Token      string
	Kubeconfig string
	PKI        *pki
	processes  []*process
}

// process is one started binary. It runs in its own process group so that stopping it also stops
// anything it spawned.
type process struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
}

// startControlPlane starts the whole control plane from the binaries in bin and waits until the
// API server is ready; egressConfig is the API server's egress selector configuration. On error, whatever was started is stopped again.
func startControlPlane(ctx context.Context, bin, dir string, kwokStages []string, egressConfig string) (cp *controlPlane, err error) {
	cp = &controlPlane{dir: dir}
	defer func() {
		if err != nil {
			cp.Stop()
			cp = nil
		}
	}()
	if cp.PKI, err = newPKI(dir); err != nil {
		return cp, err
	}
	cp.Token, err = randomToken()
	if err != nil {
		return cp, err
	}
	tokens := filepath.Join(dir, "tokens.csv")
	if err := os.WriteFile(tokens, []byte(cp.Token+",e2e-admin,e2e-admin,system:masters\n"), 0o600); err != nil {
		return cp, err
	}
	ports, err := freePorts(3)
	if err != nil {
		return cp, err
	}
	etcdClient, etcdPeer, apiPort := ports[0], ports[1], ports[2]
	etcdURL := "http://127.0.0.1:" + strconv.Itoa(etcdClient)
	peerURL := "http://127.0.0.1:" + strconv.Itoa(etcdPeer)
	if err := cp.start(bin, "etcd",
		"--name=e2e", "--data-dir="+filepath.Join(dir, "etcd"),
		"--listen-client-urls="+etcdURL, "--advertise-client-urls="+etcdURL,
		"--listen-peer-urls="+peerURL, "--initial-advertise-peer-urls="+peerURL,
		"--initial-cluster=e2e="+peerURL,
		// A throwaway store: durability buys nothing here and fsync is the slow part.
		"--unsafe-no-fsync=true",
	); err != nil {
		return cp, err
	}
	cp.URL = "https://127.0.0.1:" + strconv.Itoa(apiPort)
	if err := cp.start(bin, "kube-apiserver",
		"--etcd-servers="+etcdURL,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port="+strconv.Itoa(apiPort),
		// The default reconciler refuses a loopback advertise address.
		"--endpoint-reconciler-type=none",
		"--cert-dir="+filepath.Join(dir, "apiserver-certs"),
		"--tls-cert-file="+cp.PKI.ServingCert, "--tls-private-key-file="+cp.PKI.ServingKey,
		"--client-ca-file="+cp.PKI.CACert,
		"--token-auth-file="+tokens,
		"--service-account-issuer=https://kubernetes.default.svc",
		"--service-account-key-file="+cp.PKI.ServiceAccountPub,
		"--service-account-signing-key-file="+cp.PKI.ServiceAccountKey,
		"--service-cluster-ip-range=10.96.0.0/16",
		"--authorization-mode=RBAC",
		// The admission plugins an EKS cluster runs that decide whether our objects are accepted:
		// PodSecurity above all (the service namespaces enforce restricted), quotas and limit ranges.
		"--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,PodSecurity,ResourceQuota,DefaultTolerationSeconds,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ValidatingAdmissionPolicy",
		"--allow-privileged=true",
		// Webhooks, aggregated APIs and the kubelets are reached through the cluster-network
		// stand-in (webhooks.go), as a real API server reaches them over the pod network.
		"--egress-selector-config-file="+egressConfig,
	); err != nil {
		return cp, err
	}
	cp.Kubeconfig = filepath.Join(dir, "kubeconfig")
	if err := os.WriteFile(cp.Kubeconfig, []byte(cp.kubeconfig()), 0o600); err != nil {
		return cp, err
	}
	client := newKubeClient(cp.URL, cp.Token, cp.PKI.caPEM)
	if err := client.waitReady(ctx, 60*time.Second); err != nil {
		return cp, fmt.Errorf("kube-apiserver: %w (log: %s)", err, tail(cp.logOf("kube-apiserver")))
	}
	if err := cp.start(bin, "kube-controller-manager",
		"--kubeconfig="+cp.Kubeconfig, "--leader-elect=false",
		"--bind-address=127.0.0.1", "--secure-port=0",
		"--service-account-private-key-file="+cp.PKI.ServiceAccountKey,
		"--root-ca-file="+cp.PKI.CACert,
		"--cluster-signing-cert-file="+cp.PKI.CACert, "--cluster-signing-key-file="+cp.PKI.CAKey,
		"--use-service-account-credentials=true",
		// kwok renews the fake nodes' leases; while the language host compiles the program and the
		// policy pack on both cores it can fall behind the default 50 s, and a node marked NotReady
		// has its pods' Ready condition cleared, which kwok never sets again. The kubelets are
		// fakes: their heartbeat is not what the check is about.
		"--node-monitor-grace-period=10m",
	); err != nil {
		return cp, err
	}
	if err := cp.start(bin, "kube-scheduler",
		"--kubeconfig="+cp.Kubeconfig, "--leader-elect=false",
		"--bind-address=127.0.0.1", "--secure-port=0",
	); err != nil {
		return cp, err
	}
	kwokArgs := []string{
		"--kubeconfig=" + cp.Kubeconfig,
		"--manage-nodes-with-label-selector=" + fakeNodeLabel + "=true",
		"--cidr=10.244.0.0/16", "--node-ip=10.0.0.1",
	}
	for _, stage := range kwokStages {
		kwokArgs = append(kwokArgs, "--config="+stage)
	}
	if err := cp.start(bin, "kwok", kwokArgs...); err != nil {
		return cp, err
	}
	return cp, nil
}

// Stop stops every process that was started, newest first: SIGTERM to its process group, then
// SIGKILL after five seconds.
func (cp *controlPlane) Stop() {
	for i := len(cp.processes) - 1; i >= 0; i-- {
		p := cp.processes[i]
		pgid := -p.cmd.Process.Pid
		_ = syscall.Kill(pgid, syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(pgid, syscall.SIGKILL)
			<-p.done
		}
	}
	cp.processes = nil
}

// Exited names a process that has died, with the end of its log; "" while all run.
func (cp *controlPlane) Exited() string {
	for _, p := range cp.processes {
		select {
		case <-p.done:
			return fmt.Sprintf("%s exited: %s", p.name, tail(p.log))
		default:
		}
	}
	return ""
}

func (cp *controlPlane) start(bin, name string, args ...string) error {
	logPath := filepath.Join(cp.dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return err
	}
	cmd := exec.Command(filepath.Join(bin, name), args...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(p.done)
	}()
	cp.processes = append(cp.processes, p)
	return nil
}

func (cp *controlPlane) logOf(name string) string {
	return filepath.Join(cp.dir, name+".log")
}

func (cp *controlPlane) kubeconfig() string {
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: %s
    certificate-authority: %s
users:
- name: e2e-admin
  user:
    token: %s
contexts:
- name: e2e
  context: {cluster: e2e, user: e2e-admin}
current-context: e2e
`, cp.URL, cp.PKI.CACert, cp.Token)
}

// freePorts asks the kernel for n free loopback ports.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func randomToken() (string, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// tail returns the last lines of a log file, for error messages.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	const keep = 2000
	if len(b) > keep {
		b = b[len(b)-keep:]
	}
	return string(b)
}

var errNotReady = errors.New("not ready")
