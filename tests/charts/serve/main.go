// Command serve serves a folder holding a Helm chart repository (index.yaml and archives) on
// loopback HTTP, the way an air-gapped user's mirror serves it, and prints the repository's URL
// on its first line of output. .ci/run starts it over ../shared/charts for the chart check.
//
//	go run ./tests/charts/serve -dir ../shared/charts [-addr 127.0.0.1:0]
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
)

func main() {
	dir := flag.String("dir", "", "folder with index.yaml and the chart archives (required)")
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on; port 0 picks a free one")
	flag.Parse()
	if *dir == "" {
		log.Fatal("serve: -dir is required")
	}
	if _, err := os.Stat(filepath.Join(*dir, "index.yaml")); err != nil {
		log.Fatalf("serve: %s is not a chart repository: %v", *dir, err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("serve: %v", err)
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		log.Fatalf("serve: %s is not a loopback address", *addr)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, http.FileServer(http.Dir(*dir))))
}
