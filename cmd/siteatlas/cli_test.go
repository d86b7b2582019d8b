package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// cli runs the command line in-process and returns the exit status and
// what it wrote.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// isolate points every default location into a temp dir, so that no test
// touches the real ~/.local/share, and returns that dir.
func isolate(t *testing.T) string {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("SITEATLAS_DB", "")
	return dir
}

const badDir = "../../internal/geoio/testdata/bad/"

// cliSites are the generated sites the tests import, with what an export
// without confidential data must leave out.
func cliSites() ([]site.Site, site.Redaction, int) {
	sites := sitegen.Sites(400, 21)
	var left site.Redaction
	public := 0
	for _, s := range sites {
		_, l, ok := site.Redact(s)
		left.Add(l)
		if ok {
			public++
		}
	}
	return sites, left, public
}

func writeSites(t *testing.T, name string, sites []site.Site) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	var w geoio.Writer
	if strings.HasSuffix(name, ".csv") {
		w = geoio.NewCSVWriter(f)
	} else {
		w = geoio.NewGeoJSONWriter(f)
	}
	for _, s := range sites {
		if err := w.Write(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// loadedDB imports cliSites through the command line and returns the db.
func loadedDB(t *testing.T) string {
	t.Helper()
	sites, _, _ := cliSites()
	db := filepath.Join(t.TempDir(), "atlas.db")
	code, out, errs := cli(t, "import", "--db", db, writeSites(t, "sites.geojson", sites))
	if code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	return db
}

func TestCLIUsage(t *testing.T) {
	isolate(t)
	for _, c := range []struct {
		args       []string
		code       int
		out, errs  string // substrings
		noDBCreate bool
	}{
		{args: []string{"help"}, code: 0, out: "Usage:\n  siteatlas [--db PATH] [FILE...]\n      open the window"},
		{args: []string{"--help"}, code: 0, out: "siteatlas import [--db PATH] [--replace] [--identity KEY | --passphrase-file F] FILE..."},
		{args: []string{"frobnicate"}, code: 2, errs: "siteatlas: unknown command \"frobnicate\"\n\nSite Atlas:"},
		{args: []string{"import"}, code: 2, errs: "usage: siteatlas import [--db PATH] [--replace] [--identity KEY | --passphrase-file F] FILE..."},
		{args: []string{"check"}, code: 2, errs: "usage: siteatlas check FILE..."},
		{args: []string{"export", "extra-arg"}, code: 2, errs: "usage: siteatlas export"},
		{args: []string{"list", "--nope"}, code: 2, errs: "flag provided but not defined: -nope"},
		{args: []string{"list", "--limit", "x"}, code: 2, errs: "usage: siteatlas list"},
		{args: []string{"list", "--bbox", "1,2,3"}, code: 2, errs: `invalid value "1,2,3" for flag -bbox`},
		{args: []string{"list", "--bbox", "170,0,-170,10"}, code: 2, errs: "cannot cross the antimeridian"},
		{args: []string{"list", "--status", "maybe"}, code: 1, errs: `siteatlas list: --status "maybe": use one of reported, confirmed`},
		{args: []string{"export", "--format", "shp"}, code: 1, errs: `siteatlas export: --format "shp": use geojson, csv, kml, gpx or gpkg`},
		{args: []string{"export", "--format", "gpkg"}, code: 1, errs: "siteatlas export: a GeoPackage is a database file and cannot go to standard output"},
		{args: []string{"import", "/nonexistent/x.geojson"}, code: 1, errs: "siteatlas import: import: stat /nonexistent/x.geojson: no such file or directory"},
	} {
		code, out, errs := cli(t, c.args...)
		if code != c.code || !strings.Contains(out, c.out) || !strings.Contains(errs, c.errs) {
			t.Errorf("siteatlas %q: exit %d, want %d\nstdout %q (want %q)\nstderr %q (want %q)", c.args, code, c.code, out, c.out, errs, c.errs)
		}
	}
}

// TestCLIImportReport: the report names what was added and updated and
// each warning with its file; re-importing updates, never duplicates.
func TestCLIImportReport(t *testing.T) {
	isolate(t)
	db := filepath.Join(t.TempDir(), "atlas.db")
	z := filepath.Join(badDir, "z.geojson")
	null := filepath.Join(badDir, "null_geometry.geojson")
	code, out, errs := cli(t, "import", "--db", db, z, null)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if out != "imported: 3 added, 0 updated, 2 warning(s)\n" {
		t.Errorf("stdout %q", out)
	}
	for _, w := range []string{
		"warning: " + z + ": Z values dropped: the file has 3D coordinates; Site Atlas keeps longitude and latitude only\n",
		"warning: " + null + ": features[0]: geometry is null; imported as an unplaced site\n",
	} {
		if !strings.Contains(errs, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errs)
		}
	}

	// Flags may follow the files; an export re-imported updates.
	sites, _, _ := cliSites()
	file := writeSites(t, "sites.geojson", sites)
	code, out, _ = cli(t, "import", file, "--db", db)
	// Our own unplaced sites are written with "geometry": null, which
	// reads back with the null-geometry warning.
	if want := fmt.Sprintf("imported: %d added, 0 updated, %d warning(s)\n", len(sites), unplaced(sites)); code != 0 || out != want {
		t.Errorf("exit %d, stdout %q, want %q", code, out, want)
	}
	exp := filepath.Join(t.TempDir(), "all.geojson")
	if code, _, errs := cli(t, "export", "--db", db, "--include-confidential", "-o", exp); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	for round := 0; round < 2; round++ {
		code, out, errs = cli(t, "import", "--db", db, exp)
		if want := fmt.Sprintf("imported: 0 added, 0 updated, %d unchanged", len(sites)+3); code != 0 || !strings.HasPrefix(out, want) {
			t.Errorf("re-import %d: exit %d, stdout %q, want %q\n%s", round, code, out, want, errs)
		}
	}
	_, out, _ = cli(t, "list", "--db", db)
	if n := strings.Count(out, "\n"); n != len(sites)+3 {
		t.Errorf("list shows %d sites after re-imports, want %d", n, len(sites)+3)
	}
}

func unplaced(sites []site.Site) int {
	n := 0
	for _, s := range sites {
		if s.Geometry == nil {
			n++
		}
	}
	return n
}

// TestCLIImportRefused: exit 1, each problem on stderr with the file and
// the feature index or line, nothing on stdout, the database untouched.
func TestCLIImportRefused(t *testing.T) {
	isolate(t)
	db := loadedDB(t)
	_, before, _ := cli(t, "export", "--db", db, "--include-confidential")
	good := filepath.Join(badDir, "bom.csv")
	bad := filepath.Join(badDir, "out_of_range.geojson")
	code, out, errs := cli(t, "import", "--db", db, good, bad)
	want := "error: " + bad + ": features[2]: geometry: latitude -134 is out of range -90..90\n" +
		"import refused: 1 problem(s), nothing was written\n"
	if code != 1 || out != "" || !strings.HasSuffix(errs, want) {
		t.Errorf("exit %d\nstdout %q\nstderr %q\nwant suffix %q", code, out, errs, want)
	}

	// 250 problems: the first 100 are listed.
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := 0; i < 250; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[200,%d]}}`, i%90)
	}
	b.WriteString("]}")
	many := filepath.Join(t.TempDir(), "many.geojson")
	os.WriteFile(many, []byte(b.String()), 0o644)
	code, _, errs = cli(t, "import", "--db", db, many)
	if code != 1 || strings.Count(errs, "error: "+many+": features[") != 100 ||
		!strings.Contains(errs, "error: and 150 more\nimport refused: 250 problem(s), nothing was written\n") {
		t.Errorf("exit %d, stderr:\n%s", code, errs)
	}
	if !strings.Contains(errs, "error: "+many+": features[249]: ") == strings.Contains(errs, "features[100]: ") {
		t.Error("the listed problems are not the first 100")
	}
	if _, after, _ := cli(t, "export", "--db", db, "--include-confidential"); after != before {
		t.Error("a refused import changed the database")
	}
}

func TestCLICheck(t *testing.T) {
	dir := isolate(t)
	z := filepath.Join(badDir, "z.geojson")
	bad := filepath.Join(badDir, "bad.csv")
	code, out, errs := cli(t, "check", z)
	if code != 0 || out != z+": ok, 2 site(s), 1 warning(s)\n" || !strings.Contains(errs, "warning: "+z+": Z values dropped") {
		t.Errorf("exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	code, out, errs = cli(t, "check", z, bad)
	if code != 1 || !strings.HasSuffix(out, bad+": 2 problem(s)\n") ||
		!strings.Contains(errs, "error: "+bad+`: line 3, column "lat": "forty-two" is not a number`) {
		t.Errorf("exit %d\nstdout %q\nstderr %q", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "data")); !os.IsNotExist(err) {
		t.Error("check created the default database")
	}
}

// TestCLIExport: standard output, files, formats, filters, the "left out"
// line on stderr, and deterministic bytes.
func TestCLIExport(t *testing.T) {
	isolate(t)
	db := loadedDB(t)
	sites, left, public := cliSites()
	if !left.Any() {
		t.Fatal("the generated sites have nothing confidential")
	}
	code, out, errs := cli(t, "export", "--db", db, "-o", "-")
	wantErr := fmt.Sprintf("exported %d site(s); %s (use --include-confidential to include them)\n", public, leftOut(left))
	if code != 0 || errs != wantErr {
		t.Errorf("exit %d, stderr %q, want %q", code, errs, wantErr)
	}
	var fc struct {
		Type     string
		Features []json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != public {
		t.Errorf("stdout is not a FeatureCollection of %d features: %v", public, err)
	}
	_, again, _ := cli(t, "export", "--db", db)
	if again != out {
		t.Error("two exports of the same data differ")
	}
	code, all, errs := cli(t, "export", "--db", db, "--include-confidential")
	if code != 0 || errs != fmt.Sprintf("exported %d site(s)\n", len(sites)) || len(all) <= len(out) {
		t.Errorf("with confidential: exit %d, stderr %q", code, errs)
	}

	// CSV: by the file name or --format; UTF-8 with a BOM.
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "sites.csv")
	if code, _, errs := cli(t, "export", "--db", db, "-o", csvFile); code != 0 {
		t.Fatal(errs)
	}
	data, _ := os.ReadFile(csvFile)
	_, csvOut, _ := cli(t, "export", "--db", db, "--format", "csv")
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbfid,name,aliases,")) || string(data) != csvOut {
		t.Errorf("CSV file starts %q; same as --format csv to stdout: %v", data[:min(20, len(data))], string(data) == csvOut)
	}
	if n := strings.Count(csvOut, "\n"); n < public+1 {
		t.Errorf("CSV has %d lines for %d sites", n, public)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the export folder, want 1", len(entries))
	}

	// Filters narrow the export the way they narrow list.
	for _, f := range [][]string{
		{"--bbox", "129.5,42.5,130.5,43.2"}, {"--q", "珲春"}, {"--q", "Hunchun"}, {"--category", "factory,mine"},
		{"--status", "confirmed"}, {"--category", "factory", "--status", "reported", "--q", "seafood"},
	} {
		_, listed, _ := cli(t, append([]string{"list", "--db", db, "--json"}, f...)...)
		code, exported, errs := cli(t, append([]string{"export", "--db", db, "--include-confidential"}, f...)...)
		n := strings.Count(listed, "\n")
		if code != 0 || n == 0 || n == len(sites) || strings.Count(exported, `"type":"Feature",`) != n ||
			errs != fmt.Sprintf("exported %d site(s)\n", n) {
			t.Errorf("%q: list %d, export %d (exit %d, %q)", f, n, strings.Count(exported, `"type":"Feature",`), code, errs)
		}
	}
}

// leftOut is what the export says it left out, built independently of
// app.LeftOutDescription from the counts.
func leftOut(r site.Redaction) string {
	var parts []string
	add := func(n int, what string) {
		if n == 1 {
			parts = append(parts, "1 "+what)
		} else if n > 1 {
			parts = append(parts, fmt.Sprintf("%d %ss", n, what))
		}
	}
	add(r.Sites, "site")
	add(r.Sources, "source")
	add(r.Observations, "observation")
	add(r.Attachments, "attachment")
	add(r.ConfidentialNotes, "confidential note")
	return "left out as confidential: " + strings.Join(parts, ", ")
}

func TestCLIList(t *testing.T) {
	isolate(t)
	db := loadedDB(t)
	sites, _, _ := cliSites()
	code, out, _ := cli(t, "list", "--db", db)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(lines) != len(sites) {
		t.Fatalf("exit %d, %d lines for %d sites", code, len(lines), len(sites))
	}
	row := regexp.MustCompile(`^[0-9a-f-]{36}\t[^\t]+\t[a-z_]+\t[a-z]+\t[^\t]*\t(-?\d+\.\d{5},-?\d+\.\d{5}|unplaced)$`)
	for _, l := range lines {
		if !row.MatchString(l) {
			t.Errorf("list line %q", l)
			break
		}
	}
	_, out, _ = cli(t, "list", "--db", db, "--limit", "7")
	if got := strings.Split(strings.TrimSuffix(out, "\n"), "\n"); len(got) != 7 || got[0] != lines[0] || got[6] != lines[6] {
		t.Errorf("--limit 7 gave %d lines, not the first 7", len(got))
	}
	_, out, _ = cli(t, "list", "--db", db, "--json", "--q", "图们", "--limit", "5")
	jl := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(jl) != 5 {
		t.Fatalf("--json --q 图们 --limit 5: %d lines", len(jl))
	}
	for _, l := range jl {
		var v struct {
			ID, Name, Category, Status, City string
			Center                           []float64
			Confidential                     *bool
		}
		if err := json.Unmarshal([]byte(l), &v); err != nil || len(v.ID) != 36 || v.Name == "" || v.Confidential == nil {
			t.Errorf("--json line %q: %v", l, err)
		}
		if v.City != "Tumen" {
			t.Errorf("--q 图们 found a site in %q", v.City)
		}
		if v.Center != nil && len(v.Center) != 2 {
			t.Errorf("center %v", v.Center)
		}
	}
	_, out, _ = cli(t, "list", "--db", db, "--bbox", "124,39,125,41", "--status", "closed,unknown")
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		f := strings.Split(l, "\t")
		if len(f) != 6 || (f[3] != "closed" && f[3] != "unknown") {
			t.Errorf("--status closed,unknown listed %q", l)
			continue
		}
		var lat, lon float64
		fmt.Sscanf(f[5], "%f,%f", &lat, &lon)
		if lon < 124 || lon > 125 || lat < 39 || lat > 41 {
			t.Errorf("--bbox listed a site at %s", f[5])
		}
	}
	if code, out, _ := cli(t, "list", "--db", db, "--q", "nosuchwordanywhere"); code != 0 || out != "" {
		t.Errorf("no match: exit %d, %q", code, out)
	}
}

// TestCLIDatabasePath: --db, else $SITEATLAS_DB, else
// $XDG_DATA_HOME/siteatlas/atlas.db, created on first use.
func TestCLIDatabasePath(t *testing.T) {
	dir := isolate(t)
	file := filepath.Join(badDir, "bom.geojson")
	xdg := filepath.Join(dir, "data", "siteatlas", "atlas.db")
	env := filepath.Join(dir, "env", "env.db")
	flagDB := filepath.Join(dir, "flag", "flag.db")
	count := func(args ...string) int {
		_, out, _ := cli(t, append([]string{"list"}, args...)...)
		return strings.Count(out, "\n")
	}

	if code, _, errs := cli(t, "import", file); code != 0 {
		t.Fatal(errs)
	}
	if _, err := os.Stat(xdg); err != nil {
		t.Fatalf("no database at the XDG default: %v", err)
	}
	t.Setenv("SITEATLAS_DB", env)
	cli(t, "import", file)
	cli(t, "import", file)
	if _, err := os.Stat(env); err != nil {
		t.Fatalf("$SITEATLAS_DB not used: %v", err)
	}
	cli(t, "import", "--db", flagDB, file)
	if n := count("--db", flagDB); n != 1 {
		t.Errorf("--db has %d sites, want 1", n)
	}
	if n := count(); n != 2 {
		t.Errorf("$SITEATLAS_DB has %d sites, want 2", n)
	}
	t.Setenv("SITEATLAS_DB", "")
	if n := count(); n != 1 {
		t.Errorf("the XDG default has %d sites, want 1", n)
	}
	t.Setenv("XDG_DATA_HOME", "")
	cli(t, "import", file)
	if _, err := os.Stat(filepath.Join(dir, ".local", "share", "siteatlas", "atlas.db")); err != nil {
		t.Errorf("without XDG_DATA_HOME the database is not in ~/.local/share: %v", err)
	}
	if code, _, errs := cli(t, "list", "--db", t.TempDir()); code != 1 || !strings.Contains(errs, "siteatlas list: ") {
		t.Errorf("a folder as --db: exit %d, %q", code, errs)
	}
}

// TestCLIRoundTrip: import our export into an empty database and export
// again: byte-identical, in every format (the format chosen by the file
// name). A GeoPackage is compared by the GeoJSON of what it holds.
func TestCLIRoundTrip(t *testing.T) {
	isolate(t)
	db := loadedDB(t)
	for _, format := range []string{"geojson", "csv", "kml", "gpkg"} {
		dir := t.TempDir()
		first := filepath.Join(dir, "first."+format)
		second := filepath.Join(dir, "second."+format)
		empty := filepath.Join(dir, "empty.db")
		if code, _, errs := cli(t, "export", "--db", db, "--include-confidential", "-o", first); code != 0 {
			t.Fatal(errs)
		}
		if code, _, errs := cli(t, "import", "--db", empty, first); code != 0 {
			t.Fatal(errs)
		}
		if code, _, errs := cli(t, "export", "--db", empty, "--include-confidential", "-o", second); code != 0 {
			t.Fatal(errs)
		}
		if format == "gpkg" {
			again := filepath.Join(dir, "again.db")
			if code, _, errs := cli(t, "import", "--db", again, second); code != 0 {
				t.Fatal(errs)
			}
			first, second = filepath.Join(dir, "first.geojson"), filepath.Join(dir, "second.geojson")
			for db, out := range map[string]string{empty: first, again: second} {
				if code, _, errs := cli(t, "export", "--db", db, "--include-confidential", "-o", out); code != 0 {
					t.Fatal(errs)
				}
			}
		}
		a, _ := os.ReadFile(first)
		b, _ := os.ReadFile(second)
		if len(a) < 10000 || !bytes.Equal(a, b) {
			t.Errorf("%s: %d and %d bytes, not identical", format, len(a), len(b))
		}
	}
}
