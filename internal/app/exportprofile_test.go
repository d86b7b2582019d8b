package app

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/share"
	"github.com/siteatlas/siteatlas/internal/site"
)

// markers are planted in a confidential field of every kind; none may
// reach a Public or Partner export, all must reach an Internal one.
var markers = []string{"MARKERSITENAME", "MARKERCONFNOTES", "MARKERSRCTITLE", "MARKEROBSNOTE", "MARKERPLAINNOTES"}

func markedSites() []site.Site {
	sites := fixtureSites()
	sites = append(sites,
		site.Site{ID: "00000000-0000-4000-8000-0000000000a1", Name: "MARKERSITENAME compound", Category: "factory",
			Status: site.StatusReported, Geometry: orb.Point{129.9, 42.95}, Confidential: true},
		site.Site{ID: "00000000-0000-4000-8000-0000000000a2", Name: "Plant by the river", Category: "factory",
			Status: site.StatusReported, Geometry: orb.Point{129.8, 42.96}, Precision: site.PrecisionExact,
			ConfidentialNotes: "MARKERCONFNOTES met at the gate", Notes: "MARKERPLAINNOTES seen in March",
			Sources:      []site.Source{{ID: "m1", Title: "MARKERSRCTITLE interview", Confidential: true}},
			Observations: []site.Observation{{ID: "mo", Date: "2018-03", Status: site.StatusReported, Note: "MARKEROBSNOTE buses at night", Confidential: true}}},
	)
	return sites
}

// TestExportProfiles: Public leaves out every confidential marker and the
// notes it drops, moves each exact position by 0.2 to 2 km (checked here
// by the haversine distance, apart from the writer), says so in the file
// and gives the same bytes twice; Internal carries every marker.
func TestExportProfiles(t *testing.T) {
	sites := markedSites()
	st := openDB(t, newDB(t, sites))
	public := share.Public()
	a, rep := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON, Profile: &public})
	b, _ := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON, Profile: &public})
	if !bytes.Equal(a, b) {
		t.Error("two Public exports differ")
	}
	for _, m := range markers {
		if bytes.Contains(a, []byte(m)) {
			t.Errorf("a Public export carries %s", m)
		}
	}
	if rep.Audited == 0 || len(rep.Changed) == 0 {
		t.Errorf("the report says nothing of the audit or the changes: %+v", rep)
	}
	if !bytes.Contains(a, []byte(`"generalisation":"profile \"Public\"`)) {
		t.Error("the file does not say that its positions are generalised")
	}
	stored := map[string]orb.Point{}
	for _, s := range sites {
		if p, ok := s.Geometry.(orb.Point); ok && !s.Confidential {
			stored[s.ID] = p
		}
	}
	r, err := geoio.NewReader("public.geojson", bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		it, err := r.Next()
		if err != nil {
			break
		}
		s := it.Site
		p, ok := s.Geometry.(orb.Point)
		if !ok {
			continue
		}
		orig, ok := stored[s.ID]
		if !ok {
			t.Fatalf("the export has a site %s that is not stored or is confidential", s.ID)
		}
		n++
		d := haversine(orig, p)
		if d > 2000+160 || (s.Precision == site.PrecisionExact && d < 200-160) {
			t.Errorf("%s moved %.0f m, outside 0.2–2 km", s.Name, d)
		}
	}
	if n < 50 {
		t.Fatalf("read %d positions back", n)
	}
	internal := share.Internal()
	c, _ := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON, Profile: &internal})
	for _, m := range markers {
		if !bytes.Contains(c, []byte(m)) {
			t.Errorf("an Internal export lacks %s", m)
		}
	}
}

func haversine(a, b orb.Point) float64 {
	const r = 6371008.8
	la1, la2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	dla, dlo := la2-la1, (b[0]-a[0])*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// leaky writes each site's confidential notes into its name: the fault
// the audit is there for.
type leaky struct {
	geoio.Writer
	notes string
}

func (l leaky) Write(s site.Site) error {
	if l.notes != "" {
		s.Name += " " + l.notes
	}
	return l.Writer.Write(s)
}

// TestLeakAuditStopsExport: a writer that leaks a confidential note is
// caught in every format; the message names the field, never the text,
// and no file is left, not even an older one's replacement.
func TestLeakAuditStopsExport(t *testing.T) {
	st := openDB(t, newDB(t, markedSites()))
	defer func(f func(geoio.Writer, site.Site) geoio.Writer) { leakyWriter = f }(leakyWriter)
	leakyWriter = func(w geoio.Writer, s site.Site) geoio.Writer { return leaky{w, s.ConfidentialNotes} }
	public := share.Public()
	for _, name := range []string{"out.geojson", "out.csv", "out.kml", "out.gpkg", "out.gpx"} {
		dir := t.TempDir()
		path := filepath.Join(dir, name)
		_, err := ExportFile(context.Background(), st, path, ExportOptions{Format: FormatForFile(name), Profile: &public}, nil)
		if !errors.Is(err, ErrLeak) {
			t.Errorf("%s: a leaking writer gave %v, want the leak audit's refusal", name, err)
			continue
		}
		if strings.Contains(err.Error(), "MARKERCONFNOTES") || !strings.Contains(err.Error(), "confidential") {
			t.Errorf("%s: the refusal %q names the secret or not the field", name, err)
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Errorf("%s: a refused export left %v", name, left)
		}
	}
}

// TestEncryptedExportWithAgeCLI: an export to NAME.geojson.age opens with
// the age command-line tool and with our own import; a wrong name or a
// missing key is refused.
func TestEncryptedExportWithAgeCLI(t *testing.T) {
	for _, tool := range []string{"age", "age-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian package age): the interoperability test is skipped", tool)
		}
	}
	dir := t.TempDir()
	key := filepath.Join(dir, "key.txt")
	out, err := exec.Command("age-keygen", "-o", key).CombinedOutput()
	if err != nil {
		t.Fatalf("age-keygen: %v %s", err, out)
	}
	pub := ""
	for _, l := range strings.Split(string(out), "\n") {
		if _, k, ok := strings.Cut(l, "Public key: "); ok {
			pub = strings.TrimSpace(k)
		}
	}
	st := openDB(t, newDB(t, markedSites()))
	public := share.Public()
	path := filepath.Join(dir, "sites.geojson.age")
	if _, err := ExportFile(context.Background(), st, path, ExportOptions{Format: FormatForFile(path), Profile: &public, Recipients: []string{pub}}, nil); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".sites*")); len(left) != 0 {
		t.Errorf("the plain temporary file was left: %v", left)
	}
	plain, err := exec.Command("age", "-d", "-i", key, path).Output()
	if err != nil {
		t.Fatalf("age -d: %v", err)
	}
	if !bytes.HasPrefix(plain, []byte(`{"type":"FeatureCollection"`)) || bytes.Contains(plain, []byte("MARKERCONFNOTES")) {
		t.Errorf("age decrypts to %.80q", plain)
	}
	dec, cleanup, err := DecryptToTemp(path, "", key)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if filepath.Base(dec) != "sites.geojson" {
		t.Errorf("decrypted as %s", dec)
	}
	if got, _ := os.ReadFile(dec); !bytes.Equal(got, plain) {
		t.Error("our decryption differs from age's")
	}
	if _, err := ExportFile(context.Background(), st, filepath.Join(dir, "sites.geojson"), ExportOptions{Format: geoio.GeoJSON, Recipients: []string{pub}}, nil); err == nil {
		t.Error("an encrypted export to a name without .age was not refused")
	}
	if _, err := ExportFile(context.Background(), st, filepath.Join(dir, "x.geojson.age"), ExportOptions{Format: geoio.GeoJSON}, nil); err == nil {
		t.Error("an export to .age without a key was not refused")
	}
}
