package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// TestExportOverTheDatabase: `export --db X.db -o X.db` used to rename the
// export over the database and exit 0 with every site gone.
func TestExportOverTheDatabase(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "x.db")
	if code, _, errs := cli(t, "import", "--db", db, writeSites(t, "sites.geojson", sitegen.Sites(20, 3))); code != 0 {
		t.Fatalf("import: %d %s", code, errs)
	}
	for _, args := range [][]string{
		{"export", "--db", db, "-o", db},
		{"export", "--db", db, "--format", "gpkg", "-o", db},
	} {
		code, _, errs := cli(t, args...)
		if code == 0 || !strings.Contains(errs, "open database") {
			t.Errorf("%v: exit %d, %q; want a refusal naming the open database", args, code, errs)
		}
	}
	code, out, errs := cli(t, "list", "--db", db)
	if code != 0 || strings.Count(out, "\n") < 20 {
		t.Errorf("after the refusals list says %d %q %q", code, out, errs)
	}
	if fi, err := os.Stat(db); err != nil || fi.Size() == 0 {
		t.Errorf("database: %v", err)
	}
}
