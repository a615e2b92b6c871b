package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
