package geoio

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// TestGeoPackageEndlessViewCancels: a GeoPackage whose feature table is a
// VIEW that never yields a row hung the import with Ctrl-C ignored. Every
// query takes the reader's context now.
func TestGeoPackageEndlessViewCancels(t *testing.T) {
	path := writeGPKG(t, []site.Site{{ID: "0b8e7f6a-3c2d-4e1f-9a8b-7c6d5e4f3a2b", Name: "Tumen", Geometry: orb.Point{129.84, 42.97}}})
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var table string
	if err := db.QueryRow(`SELECT table_name FROM gpkg_contents WHERE data_type = 'features'`).Scan(&table); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`ALTER TABLE "` + table + `" RENAME TO real_rows`,
		`CREATE VIEW "` + table + `" AS SELECT r.* FROM real_rows r,
		   (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT x FROM c WHERE x = 0 LIMIT 1)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		rd, err := NewGeoPackageReader(path, ReaderOptions{Context: ctx})
		if err == nil {
			_, err = rd.Next()
			rd.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Error("the endless view gave a site")
		}
		var p *Problem
		if !errors.As(err, &p) && !errors.Is(err, context.DeadlineExceeded) {
			t.Logf("stopped with %T %v", err, err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("took %v to stop", d)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the reader did not stop when its context ended")
	}
}
