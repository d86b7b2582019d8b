package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

// TestExportDeterministic: the same data gives the same bytes however often
// it is exported, and sites come in the order they were added, so that a
// file imported into an empty database exports in its own order.
func TestExportDeterministic(t *testing.T) {
	sites := fixtureSites()
	reversed := slices.Clone(sites)
	slices.Reverse(reversed)
	a := openDB(t, newDB(t, sites))
	b := openDB(t, newDB(t, reversed))
	for _, format := range []geoio.Format{geoio.GeoJSON, geoio.CSV} {
		for _, conf := range []bool{false, true} {
			opts := ExportOptions{Format: format, IncludeConfidential: conf}
			x, _ := exportBytes(t, a, opts)
			y, _ := exportBytes(t, a, opts)
			z, _ := exportBytes(t, b, opts)
			if !bytes.Equal(x, y) {
				t.Errorf("%v confidential=%v: exports differ: %s", format, conf, firstDiff(x, y))
			}
			if len(x) < 1000 {
				t.Errorf("%v: export is only %d bytes", format, len(x))
			}
			order, reverseOrder := exportedIDs(x), exportedIDs(z)
			slices.Reverse(reverseOrder)
			var want []string
			for _, s := range sites {
				if conf || !s.Confidential {
					want = append(want, s.ID)
				}
			}
			if !slices.Equal(order, want) || !slices.Equal(reverseOrder, want) {
				t.Errorf("%v confidential=%v: sites exported in order\n%v\nand, imported reversed,\n%v\nwant the order they were added:\n%v", format, conf, order, exportedIDs(z), want)
			}
		}
	}
}

// exportedIDs lists the site IDs of a GeoJSON or CSV export in file order.
func exportedIDs(b []byte) []string {
	re := regexp.MustCompile(`(?m)^(?:\{"type":"Feature","id":")?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[",]`)
	var ids []string
	for _, m := range re.FindAllSubmatch(b, -1) {
		ids = append(ids, string(m[1]))
	}
	return ids
}

// TestExportConfidential: confidential sites, sources, observations and
// notes are left out unless asked for, and the report counts them.
func TestExportConfidential(t *testing.T) {
	sites := fixtureSites()
	st := openDB(t, newDB(t, sites))
	var want site.Redaction
	public := 0
	for _, s := range sites {
		_, left, ok := site.Redact(s)
		want.Add(left)
		if ok {
			public++
		}
	}
	if want.Sites == 0 || want.Sources < 2 || want.Observations < 2 || want.ConfidentialNotes < 2 {
		t.Fatalf("the fixture has too little confidential data: %+v", want)
	}
	secrets := []string{"Secret Dormitory", "informant K.", "Private chat", "from chat", "phone number of the driver",
		"Contact: former worker interviewed in Seoul."}
	for _, format := range []geoio.Format{geoio.GeoJSON, geoio.CSV} {
		out, rep := exportBytes(t, st, ExportOptions{Format: format})
		if rep.LeftOut != want || rep.Written != public {
			t.Errorf("%v: wrote %d, left out %+v; want %d and %+v", format, rep.Written, rep.LeftOut, public, want)
		}
		for _, s := range secrets {
			if bytes.Contains(out, []byte(s)) {
				t.Errorf("%v: export without --include-confidential contains %q", format, s)
			}
		}
		if !bytes.Contains(out, []byte("Open Fish Plant")) || !bytes.Contains(out, []byte("Public report")) {
			t.Errorf("%v: the public parts of a site with confidential parts are missing", format)
		}
		all, rep := exportBytes(t, st, ExportOptions{Format: format, IncludeConfidential: true})
		if rep.LeftOut.Any() || rep.Written != len(sites) {
			t.Errorf("%v with confidential: wrote %d, left out %+v", format, rep.Written, rep.LeftOut)
		}
		for _, s := range secrets {
			if !bytes.Contains(all, []byte(s)) {
				t.Errorf("%v: export with confidential data lacks %q", format, s)
			}
		}
	}
	// The observation citing a confidential source is gone with it; the
	// one citing a public source keeps its reference.
	out, _ := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON, Filter: store.Filter{IDs: []string{"00000000-0000-4000-8000-000000000002"}}})
	if !bytes.Contains(out, []byte(`"source_id":"p1"`)) || bytes.Contains(out, []byte(`"c1"`)) {
		t.Errorf("redacted site:\n%s", out)
	}
}

// TestExportFilter: the filters select what the store selects, and a CSV
// export starts with a UTF-8 byte order mark.
func TestExportFilter(t *testing.T) {
	st := openDB(t, newDB(t, fixtureSites()))
	ctx := context.Background()
	bb := orb.Bound{Min: orb.Point{129.8, 42.9}, Max: orb.Point{130, 43}}
	for _, f := range []store.Filter{
		{BBox: &bb},
		{Categories: []string{"factory"}},
		{Statuses: []site.Status{site.StatusConfirmed}},
		{Text: "图们"},
		{Text: "Tumen", Categories: []string{"factory", "mine"}},
	} {
		n, err := st.Count(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		conf, err := st.CountConfidential(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		_, rep := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON, Filter: f})
		if n == 0 || rep.Written != n-conf.Sites {
			t.Errorf("%+v: wrote %d; the store counts %d, %d confidential", f, rep.Written, n, conf.Sites)
		}
		if rep.LeftOut != conf {
			t.Errorf("%+v: left out %+v; CountConfidential says %+v", f, rep.LeftOut, conf)
		}
	}
	out, _ := exportBytes(t, st, ExportOptions{Format: geoio.CSV})
	if !bytes.HasPrefix(out, []byte("\xef\xbb\xbfid,name,")) {
		t.Errorf("CSV starts %q", out[:20])
	}
	if _, err := Export(ctx, st, &bytes.Buffer{}, ExportOptions{Format: geoio.Format(99)}, nil); err == nil {
		t.Error("an unknown format exported")
	}
}

// TestExportFile: the file is replaced only when the export completes; a
// cancelled export leaves the old file and no temporary file behind.
func TestExportFile(t *testing.T) {
	st := openDB(t, newDB(t, fixtureSites()))
	dir := t.TempDir()
	path := filepath.Join(dir, "out.geojson")
	os.WriteFile(path, []byte("old"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ExportFile(ctx, st, path, ExportOptions{Format: geoio.GeoJSON}, nil); err == nil {
		t.Fatal("a cancelled export succeeded")
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a cancelled export changed the file: %.40q", b)
	}
	var progressed int64
	rep, err := ExportFile(context.Background(), st, path, ExportOptions{Format: geoio.GeoJSON}, func(done, total int64) { progressed = done })
	if err != nil {
		t.Fatal(err)
	}
	want, _ := exportBytes(t, st, ExportOptions{Format: geoio.GeoJSON})
	if b, _ := os.ReadFile(path); !bytes.Equal(b, want) {
		t.Error("ExportFile wrote other bytes than Export")
	}
	if progressed != int64(len(fixtureSites())) || rep.Written == 0 {
		t.Errorf("progress ended at %d, wrote %d", progressed, rep.Written)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left in the folder: %v", names)
	}
}

func TestLeftOutDescription(t *testing.T) {
	for _, c := range []struct {
		r    site.Redaction
		want string
	}{
		{site.Redaction{}, ""},
		{site.Redaction{Sites: 1}, "left out as confidential: 1 site"},
		{site.Redaction{Sites: 2, Sources: 1}, "left out as confidential: 2 sites, 1 source"},
		{site.Redaction{Sources: 3, Observations: 1, Attachments: 2, ConfidentialNotes: 1},
			"left out as confidential: 3 sources, 1 observation, 2 attachments, 1 confidential note"},
		{site.Redaction{Sites: 1, Sources: 1, Observations: 5, Attachments: 1, ConfidentialNotes: 4},
			"left out as confidential: 1 site, 1 source, 5 observations, 1 attachment, 4 confidential notes"},
	} {
		if got := LeftOutDescription(c.r); got != c.want {
			t.Errorf("%+v: %q, want %q", c.r, got, c.want)
		}
		if got := LeftOutDescription(c.r); (got == "") != !c.r.Any() || strings.Contains(got, " 0 ") {
			t.Errorf("%+v: %q", c.r, got)
		}
	}
}

// TestExportAfterUndoRedoOfImport: undoing a (bulk) import and redoing it
// brings back every site, in the file's order, so the export is the same
// bytes as before.
func TestExportAfterUndoRedoOfImport(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	w := geoio.NewGeoJSONWriter(&buf)
	for _, s := range sitegen.Sites(300, 7) {
		if err := w.Write(s); err != nil {
			t.Fatal(err)
		}
	}
	// What an export with confidential data says of itself.
	w.(geoio.InfoWriter).SetExportInfo(geoio.ExportInfo{Generator: Generator, Profile: "confidential"})
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, "sites.geojson", buf.Bytes())
	st := openDB(t, filepath.Join(t.TempDir(), "atlas.db"))
	if _, err := Import(ctx, st, []string{file}, nil); err != nil {
		t.Fatal(err)
	}
	opts := ExportOptions{Format: geoio.GeoJSON, IncludeConfidential: true}
	first, _ := exportBytes(t, st, opts)
	if !bytes.Equal(first, buf.Bytes()) {
		t.Errorf("export after import differs from the file: %s", firstDiff(buf.Bytes(), first))
	}
	if _, err := st.Undo(ctx); err != nil {
		t.Fatal(err)
	}
	box := orb.Bound{Min: orb.Point{-180, -90}, Max: orb.Point{180, 90}}
	found := func() (all, text, inBox int) {
		all, _ = st.Count(ctx, store.Filter{})
		text, _ = st.Count(ctx, store.Filter{Text: "Hunchun"})
		inBox, _ = st.Count(ctx, store.Filter{BBox: &box})
		return
	}
	if all, text, inBox := found(); all+text+inBox != 0 {
		t.Fatalf("after undoing the import: %d sites, %d found by text, %d by box", all, text, inBox)
	}
	if _, err := st.Redo(ctx); err != nil {
		t.Fatal(err)
	}
	if all, text, inBox := found(); all != 300 || text == 0 || inBox < 290 {
		t.Errorf("after redo: %d sites, %d found by text, %d by box", all, text, inBox)
	}
	again, _ := exportBytes(t, st, opts)
	if !bytes.Equal(first, again) {
		t.Errorf("export after undo and redo differs: %s", firstDiff(first, again))
	}
}
