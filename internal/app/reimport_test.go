package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

const (
	secretID = "00000000-0000-4000-8000-000000000001"
	openID   = "00000000-0000-4000-8000-000000000002"
)

// TestReimportRedactedExportKeepsWithheld is issue 12's data loss: export
// with the default (confidential data left out), import that file again,
// and every confidential source, observation and note of the exported
// sites must still be there, in every format we write.
func TestReimportRedactedExportKeepsWithheld(t *testing.T) {
	ctx := context.Background()
	for _, format := range []geoio.Format{geoio.GeoJSON, geoio.CSV, geoio.KML, geoio.GeoPackage} {
		t.Run(format.String(), func(t *testing.T) {
			db, _ := fixtureDB(t)
			st := openDB(t, db)
			before, err := st.Get(ctx, openID)
			if err != nil {
				t.Fatal(err)
			}
			n, _ := st.Count(ctx, store.Filter{})
			ext := map[geoio.Format]string{geoio.GeoJSON: "geojson", geoio.CSV: "csv", geoio.KML: "kml", geoio.GeoPackage: "gpkg"}[format]
			file := filepath.Join(t.TempDir(), "export."+ext)
			exp, err := ExportFile(ctx, st, file, ExportOptions{Format: format}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if exp.LeftOut.Sources == 0 {
				t.Fatalf("the fixture's export left no source out: %+v", exp.LeftOut)
			}
			rep, err := Import(ctx, st, []string{file}, nil)
			if err != nil {
				t.Fatalf("%v\n%s", err, strings.Join(problemTexts(rep), "\n"))
			}
			if rep.Added != 0 {
				t.Errorf("%d added, want 0", rep.Added)
			}
			if m, _ := st.Count(ctx, store.Filter{}); m != n {
				t.Errorf("%d sites after the re-import, want %d", m, n)
			}
			after, err := st.Get(ctx, openID)
			if err != nil {
				t.Fatal(err)
			}
			if len(after.Sources) != len(before.Sources) || len(after.Observations) != len(before.Observations) {
				t.Errorf("re-import left %d sources and %d observations of %d and %d:\n%+v",
					len(after.Sources), len(after.Observations), len(before.Sources), len(before.Observations), after)
			}
			if after.ConfidentialNotes != before.ConfidentialNotes {
				t.Errorf("confidential notes %q, want %q", after.ConfidentialNotes, before.ConfidentialNotes)
			}
			for _, src := range after.Sources {
				if src.ID == "c1" && !src.Confidential {
					t.Errorf("the confidential source became public: %+v", src)
				}
			}
			for _, o := range after.Observations {
				if o.ID == "o1" && o.SourceID != "p1" {
					t.Errorf("observation o1 cites %q, want p1", o.SourceID)
				}
			}
			if secret, err := st.Get(ctx, secretID); err != nil || !secret.Confidential || len(secret.Sources) != 2 {
				t.Errorf("the confidential site (not in the export) changed: %+v %v", secret, err)
			}
			if rep.Updated > 0 && rep.KeptSources == 0 {
				t.Errorf("the report does not say what it kept: %s %v", rep.Summary(), rep.Details())
			}
		})
	}
}

// TestReimportEditedExport: a colleague renames a site in our redacted
// export; the import changes the name, keeps the withheld sources, and says
// both, field by field.
func TestReimportEditedExport(t *testing.T) {
	ctx := context.Background()
	db, _ := fixtureDB(t)
	st := openDB(t, db)
	b, exp := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON})
	edited := strings.Replace(string(b), `"name":"Open Fish Plant"`, `"name":"Tumen Fish Plant"`, 1)
	if edited == string(b) {
		t.Fatal("the export has no Open Fish Plant")
	}
	rep, err := Import(ctx, st, []string{writeFile(t, "edited.geojson", []byte(edited))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != 1 || rep.Unchanged != exp.Written-1 || rep.Added != 0 {
		t.Errorf("%s; want 1 updated and %d unchanged", rep.Summary(), exp.Written-1)
	}
	if rep.Changed["name"] != 1 || len(rep.Changed) != 1 {
		t.Errorf("changed %v, want name 1", rep.Changed)
	}
	if rep.KeptSources != 1 || rep.KeptObservations != 1 {
		t.Errorf("kept %d sources and %d observations, want 1 and 1", rep.KeptSources, rep.KeptObservations)
	}
	if rep.Kept["confidential_notes"] != 1 {
		t.Errorf("kept fields %v, want confidential_notes", rep.Kept)
	}
	got, _ := st.Get(ctx, openID)
	if got.Name != "Tumen Fish Plant" || len(got.Sources) != 2 || got.ConfidentialNotes == "" {
		t.Errorf("after the import: %+v", got)
	}
	details := strings.Join(rep.Details(), "\n")
	for _, want := range []string{"changed: name 1", "1 source and 1 observation"} {
		if !strings.Contains(details, want) {
			t.Errorf("details %q lack %q", details, want)
		}
	}
	// One undo brings the old name back.
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Get(ctx, openID); got.Name != "Open Fish Plant" {
		t.Errorf("after undo: %q", got.Name)
	}
}

// TestPartialFeatureUpdatesOnlyItsMembers is issue 22's loss 2: a feature
// with the id of a stored site and only a name used to wipe the site's
// sources, notes, city and category and make it public.
func TestPartialFeatureUpdatesOnlyItsMembers(t *testing.T) {
	ctx := context.Background()
	db, _ := fixtureDB(t)
	st := openDB(t, db)
	secretBefore, _ := st.Get(ctx, secretID)
	openBefore, _ := st.Get(ctx, openID)
	file := writeFile(t, "partial.geojson", []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","id":"`+secretID+`","geometry":null,"properties":{"name":"Dormitory B"}},
{"type":"Feature","id":"`+openID+`","geometry":{"type":"Point","coordinates":[129.86,42.98]},"properties":{"status":"closed"}}]}`))
	rep, err := Import(ctx, st, []string{file}, nil)
	if err != nil {
		t.Fatalf("%v %v", err, problemTexts(rep))
	}
	if rep.Updated != 2 {
		t.Errorf("%s, want 2 updated", rep.Summary())
	}
	secret, _ := st.Get(ctx, secretID)
	if secret.Name != "Dormitory B" || !secret.Confidential || secret.Geometry == nil ||
		len(secret.Sources) != len(secretBefore.Sources) || secret.ConfidentialNotes != secretBefore.ConfidentialNotes ||
		secret.Category != secretBefore.Category || secret.Status != secretBefore.Status {
		t.Errorf("a name-only record changed more than the name:\nbefore %+v\nafter  %+v", secretBefore, secret)
	}
	open, _ := st.Get(ctx, openID)
	if open.Status != site.StatusClosed || open.Name != openBefore.Name || open.City != openBefore.City ||
		len(open.Sources) != 2 || len(open.Observations) != 2 || len(open.Extra) != len(openBefore.Extra) {
		t.Errorf("a status-and-position record changed more:\nbefore %+v\nafter  %+v", openBefore, open)
	}
	if len(rep.MadePublic) != 0 {
		t.Errorf("made public: %v", rep.MadePublic)
	}

	// Only an explicit false makes a site public, and the report names it.
	file = writeFile(t, "public.geojson", []byte(`{"type":"Feature","id":"`+secretID+`","geometry":null,"properties":{"confidential":false}}`))
	rep, err = Import(ctx, st, []string{file}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := st.Get(ctx, secretID); got.Confidential {
		t.Error(`"confidential": false did not make the site public`)
	}
	if len(rep.MadePublic) != 1 || rep.MadePublic[0] != "Dormitory B" ||
		!strings.Contains(strings.Join(rep.Details(), "\n"), `no longer confidential`) {
		t.Errorf("made public %v, details %v", rep.MadePublic, rep.Details())
	}
}

// TestImportReplace: --replace is the old behaviour, asked for by name.
func TestImportReplace(t *testing.T) {
	ctx := context.Background()
	db, _ := fixtureDB(t)
	st := openDB(t, db)
	file := filepath.Join(t.TempDir(), "public.geojson")
	exp, err := ExportFile(ctx, st, file, ExportOptions{Format: geoio.GeoJSON}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
	rep, err := ImportWith(ctx, st, []string{file}, store.ImportOptions{Replace: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Updated != exp.Written {
		t.Errorf("%s, want %d updated", rep.Summary(), exp.Written)
	}
	if got, _ := st.Get(ctx, openID); len(got.Sources) != 1 || got.ConfidentialNotes != "" {
		t.Errorf("replace kept what the file did not carry: %+v", got)
	}
}

// TestExportSaysWhatWasLeftOut: the file itself says what the export left
// out (issue 12), and reading it back raises no warning for that member.
func TestExportSaysWhatWasLeftOut(t *testing.T) {
	ctx := context.Background()
	db, _ := fixtureDB(t)
	st := openDB(t, db)
	b, exp := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON})
	var doc struct {
		Siteatlas struct {
			Generator, Profile string
			LeftOut            map[string]int `json:"left_out"`
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Siteatlas.Profile != "public" || doc.Siteatlas.Generator != Generator ||
		doc.Siteatlas.LeftOut["sources"] != exp.LeftOut.Sources || doc.Siteatlas.LeftOut["sites"] != exp.LeftOut.Sites {
		t.Errorf("siteatlas member %+v, export left out %+v", doc.Siteatlas, exp.LeftOut)
	}
	rep, err := Check(ctx, writeFile(t, "public.geojson", b))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range rep.Warnings {
		if strings.Contains(w.Message, "siteatlas") {
			t.Errorf("reading our own member warns: %v", w)
		}
	}

	gpkg := filepath.Join(t.TempDir(), "public.gpkg")
	if _, err := ExportFile(ctx, st, gpkg, ExportOptions{Format: geoio.GeoPackage}, nil); err != nil {
		t.Fatal(err)
	}
	g, err := sql.Open("sqlite", "file:"+gpkg+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	var desc string
	if err := g.QueryRow("SELECT description FROM gpkg_contents WHERE table_name = 'sites'").Scan(&desc); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("left out as confidential: %d sites", exp.LeftOut.Sites); !strings.Contains(desc, want) {
		t.Errorf("GeoPackage description %q lacks %q", desc, want)
	}
}

// TestReimportKeepsPositionsTheExportRounded: exports write an approximate
// site with 4 decimals and a city site with 2; importing the file back
// must not move the stored sites to the rounded positions.
func TestReimportKeepsPositionsTheExportRounded(t *testing.T) {
	ctx := context.Background()
	for _, format := range []geoio.Format{geoio.GeoJSON, geoio.CSV, geoio.KML, geoio.GeoPackage} {
		t.Run(format.String(), func(t *testing.T) {
			st := openDB(t, filepath.Join(t.TempDir(), "atlas.db"))
			clicked := orb.Point{129.84361234567891, 42.96721234567891}
			var ids []string
			for _, p := range []site.Precision{site.PrecisionApproximate, site.PrecisionCity, site.PrecisionExact} {
				s := NewSiteAt(clicked)
				s.Name, s.Precision = "Tumen "+string(p), p
				if err := AddSite(ctx, st, &s); err != nil {
					t.Fatal(err)
				}
				ids = append(ids, s.ID)
			}
			file := filepath.Join(t.TempDir(), "export."+map[geoio.Format]string{geoio.GeoJSON: "geojson", geoio.CSV: "csv", geoio.KML: "kml", geoio.GeoPackage: "gpkg"}[format])
			if _, err := ExportFile(ctx, st, file, ExportOptions{Format: format}, nil); err != nil {
				t.Fatal(err)
			}
			rep, err := Import(ctx, st, []string{file}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Unchanged != 3 {
				t.Errorf("re-importing the export: %s; want 3 unchanged", rep.Summary())
			}
			for _, id := range ids {
				if s, _ := st.Get(ctx, id); s.Geometry != orb.Geometry(clicked) {
					t.Errorf("%s moved to %v", s.Name, s.Geometry)
				}
			}
		})
	}
}
