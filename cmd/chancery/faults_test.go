package main

// Fault tests of the real binary: ingests killed with SIGKILL at random
// moments, on a full disk, under a file-size limit, into a read-only
// database, and while PostgreSQL stops and starts again. After each, the
// store must open, pass its check, and hold every volume whole, at its old
// version or its new one.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/corpus"
	"github.com/chancery-frus/chancery/internal/testpg"
	"github.com/chancery-frus/chancery/sqlite"
	"github.com/chancery-frus/chancery/storetest"
)

// chanceryBinary builds this command, with the SQLite driver the test
// runs with, into a directory of its own, readable and executable by every
// user (a test may run it as another), and returns its path.
func chanceryBinary(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build chancery: %v", err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "chancery")
	args := []string{"build", "-o", bin}
	if strings.Contains(sqlite.Driver, "cgo") {
		args = append(args, "-tags", "sqlite_cgo sqlite_fts5")
	}
	out, err := exec.Command(goCmd, append(args, ".")...).CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	openUp(t, dir)
	return bin
}

// openUp makes dir and the temporary directories above it (those the
// test created) searchable and readable by every user.
func openUp(t *testing.T, dir string) {
	t.Helper()
	tmp := filepath.Clean(os.TempDir())
	for d := dir; strings.HasPrefix(d, tmp+string(filepath.Separator)); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

// faultVolumes returns the n smallest volumes of the shared corpus (the
// test is skipped without it, except under CI) and, in a directory of the
// test's, changed versions of the first m of them: the same files with a
// word added to every heading, so that their content, documents and index
// differ.
func faultVolumes(t *testing.T, n, m int) (old, changed []string) {
	t.Helper()
	files := corpus.Files(t, corpus.Dir(t))
	size := func(f string) int64 {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	sort.Slice(files, func(i, j int) bool { return size(files[i]) < size(files[j]) })
	if len(files) < n {
		t.Fatalf("the corpus has %d volumes, want %d", len(files), n)
	}
	old = files[:n]
	dir := t.TempDir()
	for i, f := range old {
		if i >= m {
			changed = append(changed, f)
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.ReplaceAll(data, []byte("<head>"), []byte("<head>Revised: "))
		dst := filepath.Join(dir, filepath.Base(f))
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
		changed = append(changed, dst)
	}
	openUp(t, dir)
	return old, changed
}

// backend is a store the fault tests run the binary on.
type backend struct {
	name string
	// fresh returns the --db value of an empty database.
	fresh func(t *testing.T) string
}

func sqliteBackend() backend {
	return backend{
		name:  "sqlite",
		fresh: func(t *testing.T) string { return filepath.Join(t.TempDir(), "c.db") },
	}
}

func postgresBackend() backend {
	return backend{
		name:  "postgres",
		fresh: func(t *testing.T) string { return testpg.Fresh(t) },
	}
}

// version is what a store holds of one version of a volume, stored whole.
type version struct {
	stats chancery.VolumeStats
	sum   string // ingest.Checksum
	label string // "old" or "new"
}

// binRun is one run of the binary.
type binRun struct {
	code           int
	stdout, stderr string
	killed         bool // stopped by SIGKILL before it exited
	elapsed        time.Duration
}

// ingestRun runs chancery ingest on files into db, and kills it with
// SIGKILL after killAfter unless it has exited (killAfter 0: no kill).
func ingestRun(t *testing.T, bin, db string, files []string, killAfter time.Duration) binRun {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"ingest", "--db", db, "-j", "2"}, files...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var r binRun
	var err error
	if killAfter > 0 {
		select {
		case err = <-done:
		case <-time.After(killAfter):
			cmd.Process.Kill()
			err = <-done
			ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
			r.killed = ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
		}
	} else {
		err = <-done
	}
	r.elapsed = time.Since(start)
	r.stdout, r.stderr = out.String(), errOut.String()
	if err != nil && !r.killed && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	r.code = cmd.ProcessState.ExitCode()
	return r
}

// cleanRuns is what runs without a fault leave: for the old files (0)
// and the changed ones (1), each volume's content hash, the totals, and
// how long the run took.
type cleanRuns struct {
	hashes [2]map[string]string
	totals [2]chancery.VolumeStats
	took   [2]time.Duration
}

// reference ingests the old files, then the changed ones, into a fresh
// database without a fault and returns what each version of each volume
// holds (by content hash), and what each run left.
func reference(t *testing.T, bin string, b backend, old, changed []string) (map[string]version, cleanRuns) {
	t.Helper()
	db := b.fresh(t)
	known := map[string]version{}
	var c cleanRuns
	for i, files := range [][]string{old, changed} {
		r := ingestRun(t, bin, db, files, 0)
		if r.code != 0 {
			t.Fatalf("reference ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		c.took[i] = r.elapsed
		c.hashes[i] = map[string]string{}
		rep := checkStoreRun(t, bin, db, nil)
		if !rep.OK {
			t.Fatalf("the reference fails its check: %s", rep.Problem)
		}
		for _, v := range rep.Volumes {
			c.totals[i].Add(v.VolumeStats)
			c.hashes[i][v.ID] = v.Hash
			if _, ok := known[v.Hash]; !ok {
				known[v.Hash] = version{stats: v.VolumeStats, sum: v.Checksum, label: []string{"old", "new"}[i]}
			}
		}
	}
	return known, c
}

// checkStoreRun runs chancery check --store --json on db, as prep sets up
// the command (if not nil), and returns its report. The check runs in the
// built binary, as fast under the race detector as without it.
func checkStoreRun(t *testing.T, bin, db string, prep func(*exec.Cmd)) storeReport {
	t.Helper()
	r := runBin(t, prep, bin, "check", "--store", "--json", "--db", db)
	if r.code == 1 && strings.Contains(r.stderr, "holds no Chancery schema") {
		// An ingest killed as it created the database: nothing stored.
		return storeReport{OK: true}
	}
	var rep storeReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("chancery check --store: exit %d, %v\n%s%s", r.code, err, r.stdout, r.stderr)
	}
	if (r.code == 0) != rep.OK {
		t.Fatalf("chancery check --store: exit %d with ok=%v", r.code, rep.OK)
	}
	return rep
}

// verifyWhole opens db read-only with chancery check --store (as prep sets
// up the command), and fails the test unless the store passes its check
// and every volume it holds is one of the known versions, whole: its
// counts and its records' checksum those of the reference. It returns each
// volume's content hash and the store's totals.
func verifyWhole(t *testing.T, bin, db string, known map[string]version, prep func(*exec.Cmd)) (map[string]string, chancery.VolumeStats) {
	t.Helper()
	rep := checkStoreRun(t, bin, db, prep)
	if !rep.OK {
		t.Fatalf("the store fails its check: %s", rep.Problem)
	}
	state := map[string]string{}
	var total chancery.VolumeStats
	for _, vs := range rep.Volumes {
		total.Add(vs.VolumeStats)
		v, ok := known[vs.Hash]
		if !ok {
			t.Fatalf("%s: stored with hash %s, of no version ingested", vs.ID, vs.Hash)
		}
		if vs.VolumeStats != v.stats {
			t.Fatalf("%s (%s version): counts %+v, want %+v", vs.ID, v.label, vs.VolumeStats, v.stats)
		}
		if vs.Checksum != v.sum {
			t.Fatalf("%s (%s version): records differ from that version's (checksum %s, want %s)", vs.ID, v.label, vs.Checksum[:12], v.sum[:12])
		}
		state[vs.ID] = vs.Hash
	}
	return state, total
}

// seed returns the seed of a test's random choices: $CHANCERY_TEST_SEED
// to repeat a run, else the time.
func seed(t *testing.T) uint64 {
	t.Helper()
	if s := os.Getenv("CHANCERY_TEST_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("CHANCERY_TEST_SEED=%q: %v", s, err)
		}
		return n
	}
	return uint64(time.Now().UnixNano())
}

// killsPerStore is how many SIGKILLs each store takes while volumes are
// left to store (more land as a run ends).
const killsPerStore = 20

// TestKillIngest kills chancery ingest with SIGKILL at random moments on
// SQLite and on PostgreSQL, until killsPerStore kills on each have landed
// while volumes were left to store: while it adds three real volumes, and
// while it replaces two of them with changed versions and back (the third
// is unchanged). After every kill the store opens, passes its check, and
// holds each volume whole at its old version or its new one; a last run
// completes to the totals of a run without faults.
func TestKillIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("kill test skipped in -short mode")
	}
	bin := chanceryBinary(t)
	old, changed := faultVolumes(t, 3, 2)
	for _, b := range []backend{sqliteBackend(), postgresBackend()} {
		t.Run(b.name, func(t *testing.T) {
			killIngest(t, bin, b, old, changed)
		})
	}
}

func killIngest(t *testing.T, bin string, b backend, old, changed []string) {
	start := time.Now()
	known, clean := reference(t, bin, b, old, changed)
	took := clean.took
	sd := seed(t)
	t.Logf("seed %d (set CHANCERY_TEST_SEED=%d to repeat); clean runs took %v (add) and %v (replace)", sd, sd, took[0].Round(time.Millisecond), took[1].Round(time.Millisecond))
	rng := rand.New(rand.NewPCG(sd, 0x6b696c6c))
	db := b.fresh(t)
	sets := [2][]string{old, changed}
	state := map[string]string{}
	var kills, midIngest, midReplace, beforeAny, afterAll, finished int
	set := 0
	for try := 0; midIngest < killsPerStore; try++ {
		if try >= 6*killsPerStore {
			t.Fatalf("only %d of %d runs were killed with volumes left to store", midIngest, try)
		}
		// Within the time a clean run takes to do what is left: some
		// kills land as the run ends (preparing searches), some runs
		// finish.
		todo, most := 0, 0
		for id, h := range clean.hashes[set] {
			if state[id] != h {
				todo++
			}
			if clean.hashes[1-set][id] != h || len(state) == 0 {
				most++
			}
		}
		base := took[1]
		if len(state) == 0 {
			base = took[0]
		}
		span := max(base*time.Duration(todo)/time.Duration(max(most, 1)), 50*time.Millisecond)
		delay := time.Duration(rng.Int64N(int64(span))) + time.Millisecond
		r := ingestRun(t, bin, db, sets[set], delay)
		after, _ := verifyWhole(t, bin, db, known, nil)
		left := 0 // volumes of this run's set not yet at its version
		for id, h := range clean.hashes[set] {
			if after[id] != h {
				left++
			}
		}
		replacing := false // the run had a stored volume to replace
		for id, h := range state {
			if clean.hashes[set][id] != h {
				replacing = true
			}
		}
		switch {
		case !r.killed:
			finished++
			if r.code != 0 || left > 0 {
				t.Fatalf("a run that was not killed: exit %d, %d volumes left\n%s%s", r.code, left, r.stdout, r.stderr)
			}
		case left == 0:
			kills++
			afterAll++ // in the preparation of searches, or exiting
		default:
			kills++
			midIngest++
			if replacing {
				midReplace++
			}
			if r.stdout == "" {
				beforeAny++
			}
		}
		state = after
		// The sets take turns, so that every run but the first has
		// volumes to replace, whether the one before got through or not.
		set = 1 - set
	}
	// A last run completes to the totals of a clean run.
	r := ingestRun(t, bin, db, sets[set], 0)
	if r.code != 0 {
		t.Fatalf("the run after the kills: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	final, total := verifyWhole(t, bin, db, known, nil)
	for id, h := range clean.hashes[set] {
		if final[id] != h {
			t.Errorf("%s: the %s version after the last run, want the %s", id, known[final[id]].label, known[h].label)
		}
	}
	if total != clean.totals[set] {
		t.Errorf("totals after the last run %+v, want %+v", total, clean.totals[set])
	}
	t.Logf("%s: %d kills in %v: %d mid-ingest with volumes left to store (%d of them replacing volumes, %d before the first volume was reported stored), %d after every volume was stored; %d runs finished before their kill",
		b.name, kills, time.Since(start).Round(time.Millisecond), midIngest, midReplace, beforeAny, afterAll, finished)
}

// fileSum returns the SHA-256 of a file's bytes.
func fileSum(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(data))
}

// runBin runs the binary with args, after prep (if not nil) has set up
// the command, and waits for it.
func runBin(t *testing.T, prep func(*exec.Cmd), name string, args ...string) binRun {
	t.Helper()
	cmd := exec.Command(name, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if prep != nil {
		prep(cmd)
	}
	start := time.Now()
	err := cmd.Run()
	r := binRun{stdout: out.String(), stderr: errOut.String(), elapsed: time.Since(start)}
	if cmd.ProcessState == nil {
		t.Fatalf("%s: %v", name, err)
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		t.Fatalf("%s %s: killed by %v\n%s%s", name, strings.Join(args, " "), ws.Signal(), r.stdout, r.stderr)
	}
	r.code = cmd.ProcessState.ExitCode()
	return r
}

// errorLines returns the lines of an ingest's output that report a
// failed input, or, when the database did not open, the line that says
// so.
func errorLines(stderr string) []string {
	var out, last []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "error: ") {
			out = append(out, l)
		}
		if strings.HasPrefix(l, "chancery: ") {
			last = []string{l}
		}
	}
	if len(out) == 0 {
		return last
	}
	return out
}

// storageFault runs, as prep sets it up, an ingest of files[1:] into db,
// which holds files[0]; the ingest must fail with an error naming each volume that
// failed and saying want (the cause in plain words), a non-zero exit and
// nothing stored damaged: the store opens, passes its check, and holds
// files[0] as it was and the others whole or not at all. It returns the
// failed run.
func storageFault(t *testing.T, bin, db string, files []string, known map[string]version, prep func(*exec.Cmd), want ...string) binRun {
	t.Helper()
	before, _ := verifyWhole(t, bin, db, known, prep)
	r := runBin(t, prep, bin, append([]string{"ingest", "--db", db}, files[1:]...)...)
	t.Logf("exit %d:\n%s", r.code, r.stderr)
	if r.code == 0 {
		t.Fatalf("the ingest did not fail:\n%s%s", r.stdout, r.stderr)
	}
	lines := errorLines(r.stderr)
	if len(lines) == 0 {
		t.Fatalf("no input reported failed:\n%s", r.stderr)
	}
	for _, l := range lines {
		named := false
		for _, f := range files[1:] {
			named = named || strings.Contains(l, filepath.Base(f))
		}
		if !named {
			t.Errorf("the error names no volume file: %s", l)
		}
		for _, w := range want {
			if !strings.Contains(l, w) {
				t.Errorf("the error does not say %q: %s", w, l)
			}
		}
	}
	after, _ := verifyWhole(t, bin, db, known, prep)
	first := strings.TrimSuffix(filepath.Base(files[0]), ".xml")
	if after[first] != before[first] {
		t.Errorf("%s changed", first)
	}
	return r
}

// TestIngestFileSizeLimit: an ingest under a file-size limit (ulimit -f)
// its database outgrows fails naming each volume and the limit, with
// status 1 (the Go runtime ignores SIGXFSZ, so the write fails with
// EFBIG), and leaves what was stored whole; without the limit the same
// ingest completes.
func TestIngestFileSizeLimit(t *testing.T) {
	bin := chanceryBinary(t)
	files, _ := faultVolumes(t, 3, 0)
	known, _ := reference(t, bin, sqliteBackend(), files, files)
	db := filepath.Join(t.TempDir(), "c.db")
	limit := func(cmd *exec.Cmd) {
		fi, err := os.Stat(db)
		if err != nil {
			t.Fatal(err)
		}
		// Room for less than the next volume.
		kb := fi.Size()/1024 + 256
		cmd.Args = append([]string{"sh", "-c", `ulimit -f "$0" && exec "$@"`, strconv.FormatInt(kb, 10)}, cmd.Args...)
		cmd.Path = "/bin/sh"
	}
	if r := ingestRun(t, bin, db, files[:1], 0); r.code != 0 {
		t.Fatalf("first ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	storageFault(t, bin, db, files, known, limit, "file too large", "file-size limit")
	if r := ingestRun(t, bin, db, files, 0); r.code != 0 {
		t.Fatalf("ingest without the limit: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if state, _ := verifyWhole(t, bin, db, known, nil); len(state) != len(files) {
		t.Errorf("%d volumes stored, want %d", len(state), len(files))
	}
}

// TestIngestDiskFull: an ingest into a database on a file system with no
// space left (a 3 MB tmpfs, which only root may mount) fails naming each
// volume and "disk full", with status 1, and leaves what was stored whole.
func TestIngestDiskFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("a small file system needs root to mount; TestIngestFileSizeLimit covers a failed write without it")
	}
	bin := chanceryBinary(t)
	files, _ := faultVolumes(t, 3, 0)
	known, _ := reference(t, bin, sqliteBackend(), files, files)
	mnt := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here (%v: %s); TestIngestFileSizeLimit covers a failed write", err, bytes.TrimSpace(out))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", mnt, err, out)
		}
	})
	db := filepath.Join(mnt, "c.db")
	if r := ingestRun(t, bin, db, files[:1], 0); r.code != 0 {
		t.Fatalf("first ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	storageFault(t, bin, db, files, known, nil, "disk full", "no space left")
}

// asAnotherUser runs a command as a user who may not write the files the
// test created: nobody when the test runs as root (whom permissions do
// not stop), else the test's own user once dir and file are made
// read-only.
func asAnotherUser(t *testing.T, dir, file string) func(*exec.Cmd) {
	t.Helper()
	openUp(t, dir)
	if os.Geteuid() == 0 {
		nobody := func(cmd *exec.Cmd) {
			cmd.Dir = dir
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		}
		probe := exec.Command("/bin/sh", "-c", "true")
		nobody(probe)
		if out, err := probe.CombinedOutput(); err != nil {
			t.Skipf("cannot run a command as nobody here (%v: %s): root may write any file, so there is no read-only database to test", err, bytes.TrimSpace(out))
		}
		return nobody
	}
	if err := os.Chmod(file, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	return func(cmd *exec.Cmd) { cmd.Dir = dir }
}

// TestReadOnlyDatabase: a database file, and its directory, that the user
// running chancery may not write. An ingest fails naming each volume and
// "database file is read-only", with status 1; the commands that only
// read work, open the database read-only (immutable, as no -shm file can
// be created beside it) and leave the directory and the file as they
// were.
func TestReadOnlyDatabase(t *testing.T) {
	bin := chanceryBinary(t)
	files, _ := faultVolumes(t, 2, 0)
	known, _ := reference(t, bin, sqliteBackend(), files, files)
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if r := ingestRun(t, bin, db, files[:1], 0); r.code != 0 {
		t.Fatalf("first ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	ctx := context.Background()
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	vol := strings.TrimSuffix(filepath.Base(files[0]), ".xml")
	docs, err := s.Documents(ctx, vol)
	s.Close() // the last connection: no -wal or -shm file is left
	if err != nil || len(docs) == 0 {
		t.Fatalf("documents of %s: %d, %v", vol, len(docs), err)
	}
	other := asAnotherUser(t, dir, db)
	list := func() string {
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return strings.Join(names, " ")
	}
	entries, sum := list(), fileSum(t, db)

	storageFault(t, bin, db, files, known, other, "database file is read-only")
	if got := list(); got != entries {
		t.Errorf("the directory holds %s after the failed ingest, want %s", got, entries)
	}
	doc := vol + "/" + docs[0].ID
	for _, args := range [][]string{
		{"stats", "--db", db},
		{"show", "--db", db, doc},
		{"search", "--db", db, "the"},
		{"cite", "--db", db, doc},
		{"check", "--db", db, vol},
	} {
		r := runBin(t, other, bin, args...)
		// check exits 1 when it finds dangling refs, without an error.
		if r.code != 0 && (args[0] != "check" || r.stderr != "") {
			t.Errorf("chancery %s: exit %d\n%s", args[0], r.code, r.stderr)
		}
	}
	serveReadOnly(t, bin, other, db, "/historicaldocuments/"+doc, "/search?q=the", "/api/v1/volumes/"+vol+"/toc")
	if got := list(); got != entries {
		t.Errorf("the directory holds %s after the reading commands, want %s", got, entries)
	}
	if fileSum(t, db) != sum {
		t.Error("the database file changed")
	}
}

// serveReadOnly runs chancery serve --read-only on db, as prep sets the
// command up, and asks it for each path: every answer must be 200.
func serveReadOnly(t *testing.T, bin string, prep func(*exec.Cmd), db string, paths ...string) {
	t.Helper()
	for p, status := range serveAndGet(t, bin, prep, []string{"--read-only", "--db", db}, paths) {
		if status != http.StatusOK {
			t.Errorf("serve --read-only: %s: status %d", p, status)
		}
	}
}

// serveAndGet runs chancery serve with args, as prep (if not nil) sets the
// command up, asks it for each path and returns the statuses. It stops
// the server with SIGINT, which must end it with status 0.
func serveAndGet(t *testing.T, bin string, prep func(*exec.Cmd), args []string, paths []string) map[string]int {
	t.Helper()
	cmd := exec.Command(bin, append(append([]string{"serve"}, args...), "--addr", "127.0.0.1:0")...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	if prep != nil {
		prep(cmd)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	addr := ""
	for addr == "" && lines.Scan() {
		if m := regexp.MustCompile(`on http://(127\.0\.0\.1:\d+)/`).FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		cmd.Wait()
		t.Fatalf("serve %s did not start:\n%s", strings.Join(args, " "), errOut.String())
	}
	go io.Copy(io.Discard, stdout)
	statuses := map[string]int{}
	for _, p := range paths {
		resp, err := http.Get("http://" + addr + p)
		if err != nil {
			t.Fatalf("serve %s: %s: %v", strings.Join(args, " "), p, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		statuses[p] = resp.StatusCode
	}
	cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); err != nil {
		t.Errorf("serve %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	return statuses
}

// TestReadOnlyPendingWAL: a database whose -wal file holds changes not
// yet merged, in a directory the reader may not write, is refused with
// what to do, rather than read without those changes; chancery migrate
// --db, run with write access, merges them, and the reading commands
// then work.
func TestReadOnlyPendingWAL(t *testing.T) {
	bin := chanceryBinary(t)
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "c.db")
	w, err := sqlite.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if _, err := w.PutVolume(ctx, storetest.Volume(t, "frus1895Supp.xml")); err != nil {
		t.Fatal(err)
	}
	// The files as a writer killed now would leave them: the volume is in
	// the -wal file only.
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(src + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if suffix == "-wal" && len(data) == 0 {
			t.Fatal("the -wal file is empty")
		}
		if err := os.WriteFile(db+suffix, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	other := asAnotherUser(t, dir, db)
	r := runBin(t, other, bin, "stats", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "holds changes not yet merged") || !strings.Contains(r.stderr, "chancery migrate --db "+db) {
		t.Fatalf("stats: exit %d, %s", r.code, r.stderr)
	}
	t.Log(strings.TrimSpace(r.stderr))
	if os.Geteuid() != 0 {
		os.Chmod(dir, 0o755)
		os.Chmod(db, 0o644)
	}
	if r := runBin(t, nil, bin, "migrate", "--db", db); r.code != 0 {
		t.Fatalf("migrate --db: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if os.Geteuid() != 0 {
		os.Chmod(db, 0o444)
		os.Chmod(dir, 0o555)
	}
	if _, err := os.Stat(db + "-wal"); err == nil {
		t.Error("the -wal file is still there after migrate --db")
	}
	r = runBin(t, other, bin, "stats", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "frus1895Supp") {
		t.Errorf("stats after migrate --db: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestCorruptedDatabase: pages of a SQLite file overwritten with garbage,
// as a failing disk or a careless copy leaves them. chancery check --store
// says the database is damaged, with status 1; the reading commands fail
// with an error, never a crash; the server answers each request with what
// it can read or an error page, and goes on serving.
func TestCorruptedDatabase(t *testing.T) {
	bin := chanceryBinary(t)
	files, _ := faultVolumes(t, 2, 0)
	db := filepath.Join(t.TempDir(), "c.db")
	if r := ingestRun(t, bin, db, files, 0); r.code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runBin(t, nil, bin, "check", "--store", "--db", db); r.code != 0 {
		t.Fatalf("check --store of the sound database: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Eight pages from the middle of the file on, each filled with garbage.
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	garbage := make([]byte, page)
	for i := range garbage {
		garbage[i] = byte(i*131 + 7)
	}
	start := fi.Size() / 2 / page * page
	for i := int64(0); i < 8; i++ {
		if _, err := f.WriteAt(garbage, start+i*2*page); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	r := runBin(t, nil, bin, "check", "--store", "--db", db)
	if r.code != 1 || !strings.Contains(r.stdout+r.stderr, "integrity check") && !strings.Contains(r.stdout+r.stderr, "malformed") {
		t.Errorf("check --store of the damaged database: exit %d, want 1 saying what is damaged\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("check --store: %s", firstLines(r.stdout+r.stderr, 3))
	for _, args := range [][]string{
		{"stats", "--db", db},
		{"search", "--db", db, "the"},
		{"search", "--db", db, "government treaty"},
	} {
		r := runBin(t, nil, bin, args...)
		if strings.Contains(r.stderr, "panic") || r.code > 1 {
			t.Errorf("chancery %s on the damaged database: exit %d\n%s", args[0], r.code, r.stderr)
		}
	}
	// The server answers every page: what it can read, or an error page;
	// and says it is unwell.
	paths := []string{"/", "/historicaldocuments", "/search?q=the", "/api/v1/search?q=treaty", "/healthz"}
	for _, f := range files {
		vol := strings.TrimSuffix(filepath.Base(f), ".xml")
		paths = append(paths, "/historicaldocuments/"+vol, "/historicaldocuments/"+vol+"/d1", "/historicaldocuments/"+vol+"/d5")
	}
	paths = append(paths, "/?after")
	statuses := serveAndGet(t, bin, nil, []string{"--db", db, "--starter", "none"}, paths)
	t.Logf("statuses: %v", statuses)
	for p, status := range statuses {
		if status != http.StatusOK && status != http.StatusInternalServerError && status != http.StatusServiceUnavailable {
			t.Errorf("%s: status %d, want 200, or 500 or 503 where the damage is read", p, status)
		}
	}
	if statuses["/?after"] != http.StatusOK {
		t.Errorf("the home page after the others: status %d, want 200", statuses["/?after"])
	}
}

// firstLines returns the first n lines of s.
func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], " | ")
}
