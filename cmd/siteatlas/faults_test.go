package main

// Fault tests: the command line and the store under kill -9, a full disk,
// files it must refuse and a second process on the same database. Children
// are this test binary run again (TestFaultChild, selected by an environment
// variable), so no separate build is needed.

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

const (
	faultModeEnv = "SITEATLAS_FAULT_CHILD" // which child to be
	faultArgsEnv = "SITEATLAS_FAULT_ARGS"  // JSON array of arguments
	faultFsizEnv = "SITEATLAS_FAULT_FSIZE" // RLIMIT_FSIZE for the child, bytes
)

// TestFaultChild is the child process of the fault tests; run directly it
// does nothing.
func TestFaultChild(t *testing.T) {
	mode := os.Getenv(faultModeEnv)
	if mode == "" {
		t.Skip("the child process of the fault tests")
	}
	var args []string
	if err := json.Unmarshal([]byte(os.Getenv(faultArgsEnv)), &args); err != nil {
		fmt.Fprintln(os.Stderr, "fault child: bad args:", err)
		os.Exit(3)
	}
	if lim := os.Getenv(faultFsizEnv); lim != "" {
		n, _ := strconv.ParseUint(lim, 10, 64)
		// Writes past the limit fail with EFBIG instead of killing us.
		signal.Ignore(syscall.SIGXFSZ)
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			fmt.Fprintln(os.Stderr, "fault child: setrlimit:", err)
			os.Exit(4)
		}
	}
	os.Exit(faultChild(mode, args))
}

func faultChild(mode string, args []string) int {
	ctx := context.Background()
	switch mode {
	case "cli":
		return run(ctx, args, os.Stdout, os.Stderr)
	case "edit":
		// args: db, create|update, id, name. Edits the way the window does,
		// says "ok" once the store has acknowledged, then waits to be killed.
		st, err := store.Open(args[0])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		s := faultSite(args[2], args[3])
		if args[1] == "create" {
			err = st.Create(ctx, &s)
		} else {
			old, gerr := st.Get(ctx, args[2])
			if gerr != nil {
				fmt.Fprintln(os.Stderr, gerr)
				return 1
			}
			old.Name = args[3]
			old.Sources = append(old.Sources, site.Source{Title: "added by edit " + args[3]})
			err = st.Update(ctx, old)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println("ok")
		time.Sleep(time.Minute)
		return 0
	case "lock":
		// args: db. Holds the write lock with an uncommitted change.
		db, err := sql.Open("sqlite", args[0])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		conn, err := db.Conn(ctx)
		if err == nil {
			_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
		}
		if err == nil {
			_, err = conn.ExecContext(ctx, "UPDATE sites SET name = 'held by another process'")
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println("locked")
		time.Sleep(time.Minute)
		return 0
	case "writer":
		// args: db, prefix, n, other prefix. Creates n sites, then waits
		// (up to 30 s) to see the other process's n sites.
		return faultWriter(args[0], args[1], args[3], atoi(args[2]))
	}
	fmt.Fprintln(os.Stderr, "fault child: unknown mode", mode)
	return 3
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// faultCmd returns the command that runs this test binary as a child.
func faultCmd(t *testing.T, mode string, fsize int64, args ...string) *exec.Cmd {
	t.Helper()
	a, _ := json.Marshal(args)
	cmd := exec.Command(os.Args[0], "-test.run=^TestFaultChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), faultModeEnv+"="+mode, faultArgsEnv+"="+string(a))
	if fsize > 0 {
		cmd.Env = append(cmd.Env, faultFsizEnv+"="+strconv.FormatInt(fsize, 10))
	}
	return cmd
}

func faultSite(id, name string) site.Site {
	return site.Site{ID: id, Name: name, Category: "factory", Status: "reported", City: "Tumen", Geometry: orb.Point{129.5, 42.9},
		Sources: []site.Source{{Title: "report on " + name, Publisher: "Test"}}}
}

// faultWriter creates n sites named prefix-i through the store, then polls
// until it sees the other process's n sites.
func faultWriter(db, prefix, other string, n int) int {
	ctx := context.Background()
	st, err := store.Open(db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer st.Close()
	for i := range n {
		s := faultSite(fmt.Sprintf("%08x-0000-4000-8000-%012d", len(prefix)*7919+int(prefix[0]), i), fmt.Sprintf("%s %d", prefix, i))
		if err := st.Create(ctx, &s); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if i%5 == 0 { // let the other side have the lock now and then
			if _, err := st.Count(ctx, store.Filter{}); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		rows, err := st.Rows(ctx, store.Filter{Text: other, IncludeUnplaced: true})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if len(rows) >= n {
			fmt.Printf("saw %d\n", len(rows))
			return 0
		}
		if time.Now().After(deadline) {
			fmt.Fprintf(os.Stderr, "saw only %d of the other's %d sites\n", len(rows), n)
			return 1
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// faultCounts is what all-or-nothing is checked on: rows of every table an
// import writes, and the database's own consistency check.
type faultCounts struct {
	Sites, Sources, Observations, RTree, History int
}

func faultInspect(t *testing.T, path string) faultCounts {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	var c faultCounts
	err = db.QueryRow(`SELECT (SELECT count(*) FROM sites), (SELECT count(*) FROM sources),
		(SELECT count(*) FROM observations), (SELECT count(*) FROM sites_rtree), (SELECT count(*) FROM history)`).
		Scan(&c.Sites, &c.Sources, &c.Observations, &c.RTree, &c.History)
	if err != nil {
		t.Fatal(err)
	}
	// The full-text index must agree with the sites (FTS5's own check).
	if _, err := db.Exec("INSERT INTO sites_fts (sites_fts, rank) VALUES ('integrity-check', 0)"); err != nil {
		t.Fatalf("full-text index: %v", err)
	}
	return c
}

func faultCopy(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"-wal", "-shm"} {
		os.Remove(to + ext)
	}
}

// faultBaseDB is a closed database (no WAL left) holding a few sites.
func faultBaseDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "base.db")
	code, out, errs := cli(t, "import", "--db", db, writeSites(t, "base.geojson", sitegen.Sites(50, 1)))
	if code != 0 {
		t.Fatalf("base import: exit %d\n%s%s", code, out, errs)
	}
	return db
}

// TestFaultKillImport: kill -9 the importer at 20 seeded random moments;
// each time the database is intact and holds all of the import or none.
// Both kinds of import: into a database that has sites (row by row, the ID
// index kept) and into an empty one (a bulk load, which drops the ID index
// and builds it again at the end, all in the one transaction).
func TestFaultKillImport(t *testing.T) {
	isolate(t)
	for _, c := range []struct {
		name string
		base func(t *testing.T) string
	}{{"into sites", faultBaseDB}, {"bulk into empty", faultEmptyDB}} {
		t.Run(c.name, func(t *testing.T) { faultKillImport(t, c.base(t)) })
	}
}

// faultEmptyDB is a closed database with the schema and no sites.
func faultEmptyDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "empty.db")
	if code, out, errs := cli(t, "list", "--db", db); code != 0 {
		t.Fatalf("creating an empty database: exit %d\n%s%s", code, out, errs)
	}
	return db
}

func faultKillImport(t *testing.T, base string) {
	n := 3000
	if testing.Short() || raceEnabled {
		n = 600
	}
	file := writeSites(t, "big.geojson", sitegen.Sites(n, 2))
	dir := t.TempDir()
	before := faultInspect(t, base)

	// One import left to finish: the "all" state and how long it takes.
	full := filepath.Join(dir, "full.db")
	faultCopy(t, base, full)
	cmd := faultCmd(t, "cli", 0, "import", "--db", full, file)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	took := time.Since(start)
	after := faultInspect(t, full)
	if after.Sites != before.Sites+n {
		t.Fatalf("full import: %d sites, want %d", after.Sites, before.Sites+n)
	}
	t.Logf("a %d-site import takes %v here", n, took)

	rng := rand.New(rand.NewPCG(20, 26))
	var none, all int
	for i := range 20 {
		db := filepath.Join(dir, fmt.Sprintf("kill%d.db", i))
		faultCopy(t, base, db)
		// From just after the start (opening, reading) to the very end
		// (the commit); a child slower than the reference may finish.
		at := took/20 + time.Duration(rng.Int64N(int64(took)))
		cmd := faultCmd(t, "cli", 0, "import", "--db", db, file)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(at)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		killed := err != nil && strings.Contains(err.Error(), "killed")
		if err != nil && !killed {
			t.Fatalf("kill %d: import failed by itself: %v\n%s", i, err, out.String())
		}
		got := faultInspect(t, db)
		switch got {
		case before:
			none++
		case after:
			all++
		default:
			t.Fatalf("kill %d at %v: database holds part of the import: %+v, want %+v or %+v", i, at, got, before, after)
		}
		// The app opens it again and can import.
		if code, _, errs := cli(t, "list", "--db", db, "--limit", "1"); code != 0 {
			t.Fatalf("kill %d: list after the kill: exit %d: %s", i, code, errs)
		}
		os.Remove(db)
	}
	t.Logf("20 kills: %d left nothing, %d left the whole import", none, all)
}

// TestFaultKillAfterEdit: the edit the store acknowledged survives kill -9
// straight after the acknowledgement.
func TestFaultKillAfterEdit(t *testing.T) {
	isolate(t)
	db := faultBaseDB(t)
	ctx := context.Background()
	for i := range 6 {
		id := fmt.Sprintf("0000ed17-0000-4000-8000-%012d", i/2)
		op, name := "create", fmt.Sprintf("Edited site %d", i)
		if i%2 == 1 {
			op = "update"
		}
		cmd := faultCmd(t, "edit", 0, db, op, id, name)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if line != "ok\n" {
			t.Fatalf("%s %s: child said %q\n%s", op, id, line, errb.String())
		}
		faultInspect(t, db)
		st, err := store.Open(db)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.Get(ctx, id)
		st.Close()
		if err != nil {
			t.Fatalf("after kill -9: %s %s lost: %v", op, id, err)
		}
		if got.Name != name {
			t.Errorf("after kill -9: %s has name %q, want %q", id, got.Name, name)
		}
		if op == "update" && len(got.Sources) != 2 {
			t.Errorf("after kill -9: the update's source is missing: %+v", got.Sources)
		}
	}
}

func faultExport(t *testing.T, db string) string {
	t.Helper()
	code, out, errs := cli(t, "export", "--db", db, "--include-confidential", "-o", "-")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	return out
}

// TestFaultDiskFull: an import that runs out of space fails with a clear
// message and leaves the database intact, its content unchanged. Two ways:
// a small tmpfs holding the database (real ENOSPC; needs root and mount) and
// a file size limit on the importing process (EFBIG; works anywhere).
func TestFaultDiskFull(t *testing.T) {
	isolate(t)
	base := faultBaseDB(t)
	n := 1500
	if testing.Short() || raceEnabled {
		n = 1000
	}
	file := writeSites(t, "big.geojson", sitegen.Sites(n, 3))
	fi, err := os.Stat(base)
	if err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T, db string, limit int64, want string) {
		before := faultExport(t, db)
		counts := faultInspect(t, db)
		out, err := faultCmd(t, "cli", limit, "import", "--db", db, file).CombinedOutput()
		if err == nil {
			t.Fatalf("import with no room succeeded:\n%s", lastLines(string(out), 3))
		}
		last := lastLines(string(out), 1)
		if !strings.HasPrefix(last, "siteatlas import: ") || !strings.Contains(last, db+" could not be written ("+want) ||
			!strings.HasSuffix(last, "nothing was imported") {
			t.Errorf("no clear message:\n%s", lastLines(string(out), 3))
		}
		t.Logf("message: %s", last)
		if got := faultInspect(t, db); got != counts {
			t.Errorf("after the failed import: %+v, want %+v", got, counts)
		}
		if faultExport(t, db) != before {
			t.Error("the database's content changed")
		}
	}
	t.Run("tmpfs", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("mounting a small tmpfs needs root")
		}
		dir := t.TempDir()
		size := (fi.Size() + 768<<10 + 4095) / 4096 * 4096
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
			t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", dir).Run() })
		db := filepath.Join(dir, "atlas.db")
		faultCopy(t, base, db)
		check(t, db, 0, "the disk is full")
	})
	t.Run("file size limit", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "atlas.db")
		faultCopy(t, base, db)
		check(t, db, fi.Size()+512<<10, "the disk is full, the file too large")
	})
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func faultDigest(t *testing.T, path string) [32]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return [32]byte(h.Sum(nil))
}

// TestFaultRefusedFiles: databases the command line must not use, each with
// a clear message and not a byte changed.
func TestFaultRefusedFiles(t *testing.T) {
	isolate(t)
	base := faultBaseDB(t)
	file := writeSites(t, "few.geojson", sitegen.Sites(5, 4))
	raw := func(path string, stmts ...string) {
		t.Helper()
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, q := range stmts {
			if _, err := db.Exec(q); err != nil {
				t.Fatal(q, err)
			}
		}
	}
	cases := []struct {
		name, want string
		make       func(path string)
	}{
		{"read-only file", "is read-only", func(p string) {
			faultCopy(t, base, p)
			os.Chmod(p, 0o444)
		}},
		{"not a database", "is not a Site Atlas database", func(p string) {
			os.WriteFile(p, []byte("name,lat,lon\nHunchun,42.86,130.36\n"), 0o644)
		}},
		{"another program's database", "is not a Site Atlas database", func(p string) {
			raw(p, "PRAGMA application_id = 1196444487", "CREATE TABLE gpkg_contents (table_name TEXT)") // 'GPKG'
		}},
		{"newer version", "was written by a newer Site Atlas", func(p string) {
			faultCopy(t, base, p)
			raw(p, "PRAGMA user_version = 99")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "atlas.db")
			c.make(p)
			sum := faultDigest(t, p)
			for _, args := range [][]string{{"list", "--db", p}, {"import", "--db", p, file}, {"export", "--db", p, "-o", "-"}} {
				code, _, errs := cli(t, args...)
				if code != 1 || !strings.Contains(errs, "siteatlas "+args[0]+": "+p+" "+c.want) {
					t.Errorf("%s: exit %d, %q; want exit 1 and %q", args[0], code, errs, p+" "+c.want)
				}
			}
			if faultDigest(t, p) != sum {
				t.Error("the file was changed")
			}
			for _, ext := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(p + ext); err == nil {
					t.Errorf("%s left behind", filepath.Base(p+ext))
				}
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		p := t.TempDir()
		os.WriteFile(filepath.Join(p, "keep.txt"), []byte("x"), 0o644)
		for _, args := range [][]string{{"list", "--db", p}, {"import", "--db", p, file}} {
			code, _, errs := cli(t, args...)
			if code != 1 || !strings.Contains(errs, p+" is a directory, not a database file") {
				t.Errorf("%s: exit %d, %q", args[0], code, errs)
			}
		}
		if ents, _ := os.ReadDir(p); len(ents) != 1 {
			t.Errorf("the directory now holds %d entries", len(ents))
		}
	})
}

// TestFaultLockedByAnother: another process holds the write lock with a
// change of its own: import and list say so, and when that process dies
// the database is as it was.
func TestFaultLockedByAnother(t *testing.T) {
	isolate(t)
	db := faultBaseDB(t)
	before := faultExport(t, db)
	sum := faultDigest(t, db)
	file := writeSites(t, "few.geojson", sitegen.Sites(5, 5))
	cmd := faultCmd(t, "lock", 0, db)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if line, _ := bufio.NewReader(stdout).ReadString('\n'); line != "locked\n" {
		t.Fatalf("child: %q\n%s", line, errb.String())
	}
	for _, args := range [][]string{{"import", "--db", db, file}, {"list", "--db", db}} {
		start := time.Now()
		code, _, errs := cli(t, args...)
		if code != 1 || !strings.Contains(errs, db+" is locked by another Site Atlas or program") {
			t.Errorf("%s while locked: exit %d, %q", args[0], code, errs)
		}
		if d := time.Since(start); d > 30*time.Second {
			t.Errorf("%s waited %v for the lock", args[0], d)
		}
	}
	if faultDigest(t, db) != sum {
		t.Error("the database file changed while another process held it")
	}
	cmd.Process.Kill()
	cmd.Wait()
	if faultExport(t, db) != before {
		t.Error("content changed: the other process's uncommitted change or our refused import landed")
	}
	faultInspect(t, db)
}

// TestFaultTwoProcesses: two processes write to one database at the same
// time through the store; each sees the other's sites and nothing is
// corrupted.
func TestFaultTwoProcesses(t *testing.T) {
	isolate(t)
	db := faultBaseDB(t)
	n := 40
	a := faultCmd(t, "writer", 0, db, "Alpha", strconv.Itoa(n), "Bravo")
	b := faultCmd(t, "writer", 0, db, "Bravo", strconv.Itoa(n), "Alpha")
	var outA, outB bytes.Buffer
	a.Stdout, a.Stderr = &outA, &outA
	b.Stdout, b.Stderr = &outB, &outB
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	errA, errB := a.Wait(), b.Wait()
	if errA != nil || errB != nil {
		t.Fatalf("writers: %v, %v\nAlpha: %s\nBravo: %s", errA, errB, outA.String(), outB.String())
	}
	if !strings.Contains(outA.String(), fmt.Sprintf("saw %d", n)) || !strings.Contains(outB.String(), fmt.Sprintf("saw %d", n)) {
		t.Errorf("Alpha: %s\nBravo: %s", outA.String(), outB.String())
	}
	c := faultInspect(t, db)
	if c.Sites != 50+2*n {
		t.Errorf("%d sites, want %d", c.Sites, 50+2*n)
	}
}
