// Command embedder runs an embedded etcd 3.5 member and reports the peer
// URLs it advertises.
package main

import (
	"fmt"
	"log"
	"net/url"

	"go.etcd.io/etcd/server/v3/embed"
)

// member wraps the embedded server's configuration with a name.
type member struct {
	*embed.Config
	label string
}

// advertised reads the embedded Config's field through the outer struct.
func advertised(m member) []url.URL {
	return m.APUrls
}

func main() {
	m := member{Config: embed.NewConfig(), label: "m1"}
	m.Dir = "m1.etcd"
	for _, u := range advertised(m) {
		fmt.Println(m.label, u.String())
	}
	e, err := embed.StartEtcd(m.Config)
	if err != nil {
		log.Fatal(err)
	}
	defer e.Close()
	<-e.Server.ReadyNotify()
}
