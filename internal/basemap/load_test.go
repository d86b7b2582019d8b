package basemap

import (
	"math"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/assets"
)

func mustLoad(t testing.TB) *World {
	t.Helper()
	w, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return w
}

func TestLoadLevels(t *testing.T) {
	w := mustLoad(t)
	all := []Class{Ocean, Land, Country, Lake, River, Urban, Border, BorderDisputed, Admin1Border, Admin1, Place}
	without := func(skip ...Class) []Class {
		var out []Class
	next:
		for _, c := range all {
			for _, s := range skip {
				if c == s {
					continue next
				}
			}
			out = append(out, c)
		}
		return out
	}
	tests := []struct {
		name             string
		minZoom, maxZoom float64
		classes          []Class
		maxFeatures      int
	}{
		// The world view has no urban areas or province labels at 110m.
		{"110m", 0, 3, without(Urban, Admin1), 2_000},
		{"50m", 3, 6, all, 20_000},
		// The detail level has no ocean: the renderer paints it as background.
		{"10m", 6, 24, without(Ocean), 40_000},
	}
	if len(w.Levels) != len(tests) {
		t.Fatalf("got %d levels, want %d", len(w.Levels), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lvl := &w.Levels[i]
			if lvl.Name != tt.name || lvl.MinZoom != tt.minZoom || lvl.MaxZoom != tt.maxZoom {
				t.Errorf("level %d = %s %v–%v, want %s %v–%v", i, lvl.Name, lvl.MinZoom, lvl.MaxZoom, tt.name, tt.minZoom, tt.maxZoom)
			}
			if n := len(lvl.Features); n > tt.maxFeatures {
				t.Errorf("%d features, want at most %d", n, tt.maxFeatures)
			}
			count := map[Class]int{}
			for j, f := range lvl.Features {
				count[f.Class]++
				if j > 0 && f.Class < lvl.Features[j-1].Class {
					t.Fatalf("feature %d (%s) out of class order", j, f.Name)
				}
			}
			for _, c := range tt.classes {
				if count[c] == 0 {
					t.Errorf("no features of class %d", c)
				}
			}
			if count[Ocean] > 0 && !contains(tt.classes, Ocean) {
				t.Errorf("%d ocean features, want none", count[Ocean])
			}
		})
	}
}

func contains(cs []Class, c Class) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

func TestLevelForZoom(t *testing.T) {
	w := mustLoad(t)
	for _, tt := range []struct {
		z    float64
		want string
	}{{0, "110m"}, {2.9, "110m"}, {3, "50m"}, {5.5, "50m"}, {6, "10m"}, {14, "10m"}, {30, "10m"}} {
		if got := w.Level(tt.z).Name; got != tt.want {
			t.Errorf("Level(%v) = %s, want %s", tt.z, got, tt.want)
		}
	}
}

// findPlace returns the place called name nearest to near, within 0.1°.
func findPlace(lvl *Level, name string, near orb.Point) *Feature {
	for i := range lvl.Features {
		f := &lvl.Features[i]
		if f.Class != Place || f.Name != name {
			continue
		}
		p := f.Geometry.(orb.Point)
		if math.Abs(p[0]-near[0]) < 0.1 && math.Abs(p[1]-near[1]) < 0.1 {
			return f
		}
	}
	return nil
}

func TestYanbianPlaces(t *testing.T) {
	detail := mustLoad(t).Level(10)
	tests := []struct {
		name   string
		at     orb.Point
		zh, ko string
	}{
		{"Tumen", orb.Point{129.84, 42.97}, "图们", "투먼"},
		{"Hunchun", orb.Point{130.357, 42.867}, "珲春", "훈춘"},
		{"Yanji", orb.Point{129.51, 42.88}, "延吉", "옌지"},
		{"Longjing", orb.Point{129.42, 42.77}, "龙井", "룽징"},
		{"Rason", orb.Point{130.30, 42.26}, "罗先", "라선"},
		{"Pyongyang", orb.Point{125.75, 39.02}, "平壤", "평양"},
		{"Seoul", orb.Point{127.0, 37.57}, "首尔", "서울"},
	}
	for _, tt := range tests {
		f := findPlace(detail, tt.name, tt.at)
		if f == nil {
			t.Errorf("%s: no place near %v", tt.name, tt.at)
			continue
		}
		if f.NameZH != tt.zh || f.NameKO != tt.ko {
			t.Errorf("%s: names %q %q, want %q %q", tt.name, f.NameZH, f.NameKO, tt.zh, tt.ko)
		}
		if f.MinZoom > 8 || f.LabelAt != f.Geometry.(orb.Point) {
			t.Errorf("%s: MinZoom %v, LabelAt %v", tt.name, f.MinZoom, f.LabelAt)
		}
	}
}

func TestBorderRivers(t *testing.T) {
	names := map[string]string{}
	for _, f := range mustLoad(t).Level(8).Features {
		if f.Class == River && f.Bound.Intersects(orb.Bound{Min: orb.Point{124, 39}, Max: orb.Point{131, 43}}) {
			names[f.Name] = f.NameZH + " " + f.NameKO
		}
	}
	for river, want := range map[string]string{"Tumen": "图们江 두만강", "Yalu": "鸭绿江 압록강"} {
		if names[river] != want {
			t.Errorf("river %s named %q, want %q", river, names[river], want)
		}
	}
}

func TestCoarseLevelIsSmall(t *testing.T) {
	raw, err := assets.Basemap.ReadFile("basemap/110m.bin")
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) > 256<<10 {
		t.Errorf("110m level is %d bytes, want < 256 KiB", len(raw))
	}
	n := 0
	for _, f := range mustLoad(t).Levels[0].Features {
		n += len(points(f.Geometry))
	}
	if n > 50_000 {
		t.Errorf("110m level has %d points, want < 50,000", n)
	}
}

func TestCountries(t *testing.T) {
	w := mustLoad(t)
	for _, lvl := range w.Levels {
		seen := map[string]*Feature{}
		for i := range lvl.Features {
			f := &lvl.Features[i]
			if f.Class != Country {
				continue
			}
			seen[f.ISO] = f
			if f.MapColor < 1 || f.MapColor > 7 {
				t.Errorf("%s %s: MapColor %d", lvl.Name, f.Name, f.MapColor)
			}
			mp, ok := f.Geometry.(orb.MultiPolygon)
			if p, isPoly := f.Geometry.(orb.Polygon); isPoly {
				mp, ok = orb.MultiPolygon{p}, true
			}
			if !ok || len(mp) == 0 {
				t.Fatalf("%s %s: geometry %T", lvl.Name, f.Name, f.Geometry)
			}
			for _, p := range mp {
				for _, r := range p {
					if len(r) < 4 || r[0] != r[len(r)-1] {
						t.Fatalf("%s %s: ring of %d points, closed %v", lvl.Name, f.Name, len(r), len(r) > 0 && r[0] == r[len(r)-1])
					}
				}
			}
			if !f.Bound.Pad(2).Contains(f.LabelAt) {
				// NE's label points lie in or near the country (a few,
				// like Vatican's, sit just outside it upstream).
				t.Errorf("%s %s: label %v outside %v", lvl.Name, f.Name, f.LabelAt, f.Bound)
			}
		}
		for iso, zh := range map[string]string{"CN": "中国", "KP": "朝鲜", "KR": "韩国", "FR": "法国", "TW": "台湾"} {
			if f := seen[iso]; f == nil || f.NameZH != zh {
				t.Errorf("%s: country %s missing or not named %s", lvl.Name, iso, zh)
			}
		}
	}
}

// TestDetailOutsideEastAsia checks that the detail level still covers the
// world outside the 10m East Asia box (with 50m shapes).
func TestDetailOutsideEastAsia(t *testing.T) {
	detail := mustLoad(t).Level(8)
	for _, tt := range []struct {
		iso string
		at  orb.Point
	}{{"FR", orb.Point{2.35, 48.85}}, {"BR", orb.Point{-47.9, -15.8}}, {"RU", orb.Point{37.6, 55.75}}, {"RU", orb.Point{131.9, 43.1}}, {"CN", orb.Point{129.84, 42.97}}} {
		found := false
		for i := range detail.Features {
			f := &detail.Features[i]
			if f.Class == Country && f.ISO == tt.iso && f.Bound.Contains(tt.at) {
				found = true
			}
		}
		if !found {
			t.Errorf("detail level: no %s country covering %v", tt.iso, tt.at)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := decodeAll(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadLevel(b *testing.B) {
	for _, name := range LevelFiles {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := readLevel(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
