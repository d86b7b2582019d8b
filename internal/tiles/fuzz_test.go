package tiles

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeDirectory feeds arbitrary bytes to the PMTiles directory
// decoder: it must return entries or an error, never panic or allocate
// without bound; what it returns must encode back to a directory that
// decodes to the same entries.
func FuzzDecodeDirectory(f *testing.F) {
	f.Add(encodeDirectory([]pmEntry{{tileID: 0, offset: 0, length: 10, runLength: 1}}))
	f.Add(encodeDirectory([]pmEntry{{tileID: 1, offset: 0, length: 10, runLength: 3}, {tileID: 5, offset: 10, length: 7, runLength: 1}, {tileID: 90, offset: 0, length: 99, runLength: 0}}))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0x0f})
	f.Add([]byte{2, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := decodeDirectory(b)
		if err != nil {
			return
		}
		again, err := decodeDirectory(encodeDirectory(es))
		if err != nil {
			t.Fatalf("re-encoded directory: %v", err)
		}
		if len(again) != len(es) {
			t.Fatalf("%d entries, %d after a round trip", len(es), len(again))
		}
		for i := range es {
			if es[i] != again[i] {
				t.Fatalf("entry %d: %+v, %+v after a round trip", i, es[i], again[i])
			}
			findEntry(es, es[i].tileID)
		}
	})
}

// FuzzDecodeVector feeds arbitrary bytes to the vector tile path (orb's
// MVT decoder, then classification by the style): an error or a tile,
// never a panic.
func FuzzDecodeVector(f *testing.F) {
	for _, d := range []string{"../../../shared/testdata/tiles/mvt", "../../shared/testdata/tiles/mvt"} {
		if b, err := os.ReadFile(filepath.Join(d, "15-8956-12223.mvt")); err == nil {
			if raw, err := gunzipIf(b); err == nil && len(raw) < 4096 {
				f.Add(raw)
			} else if err == nil {
				f.Add(raw[:4096])
			}
			break
		}
	}
	f.Add([]byte{0x1a, 0x00})
	f.Add([]byte{0x1a, 0x10, 0x78, 0x02, 0x0a, 0x04, 'r', 'o', 'a', 'd', 0x28, 0x80, 0x20, 0x12, 0x02, 0x18, 0x02})
	f.Add([]byte{0x1f, 0x8b, 0x08, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		vt, err := decodeVector(b)
		if err != nil {
			return
		}
		for r := range vt.geoms {
			g := &vt.geoms[r]
			for j := range g.starts {
				if len(g.part(j))%2 != 0 {
					t.Fatal("odd coordinate count")
				}
			}
		}
	})
}
