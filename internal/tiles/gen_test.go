package tiles_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/paulmach/orb/encoding/mvt"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// TestGeneratedFiles reads back the generated PMTiles (leaf directories,
// runs of identical tiles) and MBTiles: every tile of the area is there in
// both, with the same vector content.
func TestGeneratedFiles(t *testing.T) {
	pmPath, mbPath := generated(t)
	pm, err := tiles.Open(pmPath)
	if err != nil {
		t.Fatal(err)
	}
	defer pm.Close()
	mb, err := tiles.Open(mbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer mb.Close()
	for _, src := range []tiles.Source{pm, mb} {
		md := src.Metadata()
		if md.Format != tiles.FormatMVT || md.MinZoom != 0 || md.MaxZoom != 9 || md.Attribution == "" || len(md.VectorLayers) != 5 {
			t.Errorf("metadata = %+v", md)
		}
	}
	ctx := context.Background()
	ids := Yanbian.Tiles()
	layers := map[string]int{}
	for _, id := range ids {
		a, err := pm.Tile(ctx, id)
		if err != nil || a == nil {
			t.Fatalf("PMTiles %v: %v, %d bytes", id, err, len(a))
		}
		b, err := mb.Tile(ctx, id)
		if err != nil || b == nil {
			t.Fatalf("MBTiles %v: %v, %d bytes", id, err, len(b))
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%v: PMTiles and MBTiles differ", id)
		}
		ls, err := mvt.Unmarshal(a)
		if err != nil {
			t.Fatalf("%v: %v", id, err)
		}
		for _, l := range ls {
			layers[l.Name] += len(l.Features)
		}
	}
	for _, name := range []string{"earth", "water", "boundaries", "places"} {
		if layers[name] == 0 {
			t.Errorf("no %s features in %d tiles", name, len(ids))
		}
	}
	// A tile outside the area is missing, not an error.
	if b, err := pm.Tile(ctx, tiles.TileID{Z: 9, X: 0, Y: 0}); b != nil || err != nil {
		t.Errorf("tile outside the area: %d bytes, %v", len(b), err)
	}
	st, _ := os.Stat(pmPath)
	t.Logf("%d tiles, PMTiles %d bytes, features by layer %v", len(ids), st.Size(), layers)
}
