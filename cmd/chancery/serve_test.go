package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chancery-frus/chancery/internal/testpg"
	"github.com/chancery-frus/chancery/postgres"
	"github.com/chancery-frus/chancery/sqlite"
	"github.com/chancery-frus/chancery/web"
)

func TestParseBytes(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"1GiB", 1 << 30, false},
		{"512MiB", 512 << 20, false},
		{"512 MiB", 512 << 20, false},
		{"2GB", 2 << 30, false},
		{"100KiB", 100 << 10, false},
		{"4096", 4096, false},
		{"0", 0, false},
		{"", 0, true},
		{"GiB", 0, true},
		{"1TiB", 0, true},
		{"-1GiB", 0, true},
		{"1.5GiB", 0, true},
		{"99999999999999999999", 0, true},
		{"9999999999GiB", 0, true},
	}
	for _, tt := range tests {
		got, err := parseBytes(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parseBytes(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestServeFirstRunResumes: a first run cut off midway (its marker left
// beside the database, some volumes stored) is resumed at the next start,
// and says so; once complete, its marker is gone.
func TestServeFirstRunResumes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	if code, _, errOut := run(t, "ingest", "--db", db, "../../testdata/volumes/frus1866p1.xml"); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	if err := os.WriteFile(firstRunMarker(db), []byte("under way\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--source", "../../testdata/volumes", "--starter", "all"}, &out, &errOut)
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "serving") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s\n%s", out.String(), errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	<-done
	if !strings.Contains(out.String(), "was interrupted (1 volume stored): resuming it") {
		t.Errorf("serve did not say it resumed the first run:\n%s", out.String())
	}
	if _, err := os.Stat(firstRunMarker(db)); !os.IsNotExist(err) {
		t.Errorf("the first run's marker is still there: %v", err)
	}
	if code, stats, _ := run(t, "stats", "--db", db); code != 0 || !strings.Contains(stats, "frus1961-63v05") || !strings.Contains(stats, "frus1895Supp") {
		t.Errorf("after the resumed first run, stats:\n%s", stats)
	}
}

// TestServeLimits: serve's load flags give web.Limits, each left at 0
// taking the default for the store's pool of connections, -1 lifting its
// bound.
func TestServeLimits(t *testing.T) {
	sqliteDefaults, pgDefaults := web.DefaultLimits(4), web.DefaultLimits(8)
	tests := []struct {
		name  string
		conns int
		flags limitFlags
		want  func(web.Limits) web.Limits
		err   bool
	}{
		{"SQLite defaults", 4, limitFlags{queueWait: 5 * time.Second, burst: 20}, func(web.Limits) web.Limits { return sqliteDefaults }, false},
		{"PostgreSQL defaults", 8, limitFlags{queueWait: 5 * time.Second, burst: 20}, func(web.Limits) web.Limits { return pgDefaults }, false},
		{"set", 4, limitFlags{searches: 3, renders: 2, queueWait: time.Second, rate: 5, burst: 10}, func(l web.Limits) web.Limits {
			l.Searches, l.Renders, l.QueueWait, l.APIRate, l.APIBurst = 3, 2, time.Second, 5, 10
			return l
		}, false},
		{"no bounds", 4, limitFlags{searches: -1, renders: -1, queueWait: 5 * time.Second, burst: 20}, func(l web.Limits) web.Limits {
			l.Searches, l.Renders = 0, 0
			return l
		}, false},
		{"no queue wait", 4, limitFlags{burst: 20}, nil, true},
		{"a negative rate", 4, limitFlags{queueWait: time.Second, rate: -1, burst: 20}, nil, true},
		{"no burst", 4, limitFlags{queueWait: time.Second, rate: 1}, nil, true},
	}
	for _, tt := range tests {
		got, err := tt.flags.limits(tt.conns)
		if tt.err {
			if err == nil {
				t.Errorf("%s: no error", tt.name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		base := sqliteDefaults
		if tt.conns != 4 {
			base = pgDefaults
		}
		base.QueueWait, base.APIBurst = tt.flags.queueWait, tt.flags.burst
		if want := tt.want(base); got != want {
			t.Errorf("%s: %+v, want %+v", tt.name, got, want)
		}
	}
	for _, conns := range []int{4, 8} {
		l := web.DefaultLimits(conns)
		if l.Searches < 1 || l.Renders < 1 || (conns >= 4 && l.Searches+l.Renders > conns*3/4) {
			t.Errorf("defaults for %d connections: %d searches, %d renders; want at least 1 each, together at most three quarters", conns, l.Searches, l.Renders)
		}
	}
}

// TestStoreConnections: serve sizes its pools from the store's own count
// of connections, SQLite's and PostgreSQL's (pool_max_conns raises it).
func TestStoreConnections(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := storeConnections(s); got != 4 {
		t.Errorf("SQLite: %d connections, want 4", got)
	}
	dsn := testpg.Fresh(t)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	for _, tt := range []struct {
		dsn  string
		want int
	}{{dsn, 8}, {dsn + sep + "pool_max_conns=12", 12}} {
		p, err := postgres.Open(ctx, tt.dsn)
		if err != nil {
			t.Fatal(err)
		}
		if got := storeConnections(p); got != tt.want {
			t.Errorf("PostgreSQL %s: %d connections, want %d", tt.dsn, got, tt.want)
		}
		p.Close()
	}
}
