package testpg

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// Outage is a PostgreSQL server that a test may stop and start, to see
// what a database that goes away does to Chancery: a server of its own
// ($CHANCERY_TEST_PG_OUTAGE, with the commands $CHANCERY_TEST_PG_OUTAGE_STOP
// and $CHANCERY_TEST_PG_OUTAGE_START; .ci/run starts one), so that no
// other test sees its outages. Tests of several packages run at once, so
// each test that uses it holds it alone, in turn (a lock file beside the
// system's temporary files), and leaves it running.
type Outage struct {
	dsn         string
	stop, start string
}

// OutageServer returns the server outage tests may stop and start, held
// by this test until it ends; nil, when $CHANCERY_TEST_PG_OUTAGE is not
// set, outside CI (under CI the test fails instead).
func OutageServer(t testing.TB) *Outage {
	t.Helper()
	o := &Outage{
		dsn:   os.Getenv("CHANCERY_TEST_PG_OUTAGE"),
		stop:  os.Getenv("CHANCERY_TEST_PG_OUTAGE_STOP"),
		start: os.Getenv("CHANCERY_TEST_PG_OUTAGE_START"),
	}
	if o.dsn == "" || o.stop == "" || o.start == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CHANCERY_TEST_PG_OUTAGE, _STOP and _START are not set: .ci/run starts a server for outage tests")
		}
		return nil
	}
	u, err := url.Parse(o.dsn)
	if err != nil {
		t.Fatalf("CHANCERY_TEST_PG_OUTAGE: %v", err)
	}
	lock, err := os.OpenFile(filepath.Join(os.TempDir(), "chancery-pg-outage-"+u.Port()+".lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		lock.Close()
		t.Fatalf("waiting for the outage server: %v", err)
	}
	t.Cleanup(func() {
		// Left running for the next test, whatever this one did.
		o.run(t, o.start)
		lock.Close() // releases the lock
	})
	o.run(t, o.start)
	return o
}

// Fresh creates an empty database on the outage server for this test,
// dropped when it ends, and returns its address.
func (o *Outage) Fresh(t testing.TB) string {
	t.Helper()
	return freshOn(t, o.dsn)
}

// Stop stops the server, at once (fast shutdown: sessions are ended).
func (o *Outage) Stop(t testing.TB) { t.Helper(); o.run(t, o.stop) }

// Start starts the server again and waits until it accepts connections.
func (o *Outage) Start(t testing.TB) { t.Helper(); o.run(t, o.start) }

// Restart stops the server and starts it again.
func (o *Outage) Restart(t testing.TB) {
	t.Helper()
	o.Stop(t)
	o.Start(t)
}

func (o *Outage) run(t testing.TB, command string) {
	t.Helper()
	if out, err := exec.Command("sh", "-c", command).CombinedOutput(); err != nil {
		t.Error(fmt.Errorf("%s: %w\n%s", command, err, out))
	}
}
