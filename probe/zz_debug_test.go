package probe_test

import (
	"testing"
	"time"

	"github.com/etcdlint/etcdlint/probe"
	"github.com/etcdlint/etcdlint/probe/internal/etcdtest"
)

func TestZZDebug(t *testing.T) {
	t0 := time.Now()
	c := etcdtest.Start(t, 3, etcdtest.Options{})
	t.Log("start", time.Since(t0))
	t0 = time.Now()
	run(t, probe.Options{Endpoints: c.Endpoints(), Target: "3.7"})
	t.Log("probe", time.Since(t0))
	t0 = time.Now()
	c.Stop()
	t.Log("stop", time.Since(t0))
}
