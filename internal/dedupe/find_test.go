package dedupe

import (
	"math"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var tumen = orb.Point{129.8436, 42.9672}

// near returns p moved east and north by metres.
func near(p orb.Point, east, north float64) orb.Point {
	return orb.Point{p[0] + east/(111320*math.Cos(p[1]*math.Pi/180)), p[1] + north/110574}
}

const (
	exact  = 50.0
	approx = 2000.0
	city   = 15000.0
)

func TestFindPairs(t *testing.T) {
	tests := []struct {
		name string
		a, b Entry
		want bool   // a candidate
		why  string // a substring of one reason
	}{
		{"issue example across scripts",
			Entry{ID: "a", Names: []string{"图们 朝鲜工业园区"}, Point: tumen, Radius: city, Category: "industrial_complex"},
			Entry{ID: "b", Names: []string{"North Korean industrial complex, Tumen"}, Point: near(tumen, 300, 0), Radius: city, Precision: "city", Category: "industrial_complex"},
			true, "names match after folding: 图们 朝鲜工业园区 ~ North Korean industrial complex, Tumen"},
		{"traditional and simplified with company suffix",
			Entry{ID: "a", Names: []string{"圖們華榮水產廠"}, Point: tumen, Radius: approx, Category: "factory"},
			Entry{ID: "b", Names: []string{"图们市华荣水产有限公司"}, Point: near(tumen, 150, 200), Radius: approx, Precision: "approximate", Category: "factory"},
			true, "251 m apart, within approximate precision radius 2 km"},
		{"alias in another script, Korean city suffix",
			Entry{ID: "a", Names: []string{"Huarong Seafood Factory, Tumen", "투먼시 화영수산 공장"}, Point: tumen, Radius: approx, Category: "factory"},
			Entry{ID: "b", Names: []string{"투먼 화영수산공장"}, Point: near(tumen, -400, 0), Radius: approx, Category: "factory"},
			true, "same category (factory)"},
		{"word overlap with suffix noise",
			Entry{ID: "a", Names: []string{"Huarong Seafood Processing Plant"}, Point: tumen, Radius: exact, Category: "factory"},
			Entry{ID: "b", Names: []string{"HUARONG SEAFOOD (TUMEN-SHI) CO., LTD."}, Point: near(tumen, 30, 0), Radius: exact, Category: "factory"},
			true, "names match apart from places and common words (huarong, seafood)"},
		{"word overlap",
			Entry{ID: "a", Names: []string{"Huarong Seafood Trading Factory"}, Point: tumen, Radius: approx},
			Entry{ID: "b", Names: []string{"Huarong Seafood Factory (Tumen)"}, Point: near(tumen, 900, 0), Radius: approx},
			true, "names share 2 of 3 words (huarong, seafood)"},
		{"place and kind only, across scripts",
			Entry{ID: "a", Names: []string{"Factory employing North Korean laborers, Tumen", "图们 工厂"}, Point: tumen, Radius: city, Category: "factory"},
			Entry{ID: "b", Names: []string{"투먼시 공장"}, Point: near(tumen, 2000, 1000), Radius: city, Category: "factory"},
			true, "names match after folding: 图们 工厂 ~ 투먼시 공장"},
		{"different factories 200 m apart",
			Entry{ID: "a", Names: []string{"Huarong Seafood Factory, Tumen"}, Point: tumen, Radius: approx, Category: "factory"},
			Entry{ID: "b", Names: []string{"Jinda Garment Factory, Tumen"}, Point: near(tumen, 200, 0), Radius: approx, Category: "factory"},
			false, ""},
		{"one brand, two products",
			Entry{ID: "a", Names: []string{"Huarong Seafood Factory"}, Point: tumen, Radius: approx, Category: "factory"},
			Entry{ID: "b", Names: []string{"Huarong Garment Factory"}, Point: near(tumen, 200, 0), Radius: approx, Category: "factory"},
			false, ""},
		{"No. 3 and No. 5",
			Entry{ID: "a", Names: []string{"Tumen Seafood Factory No. 3"}, Point: tumen, Radius: approx, Category: "factory"},
			Entry{ID: "b", Names: []string{"Tumen Seafood Factory No. 5"}, Point: near(tumen, 200, 0), Radius: approx, Category: "factory"},
			false, ""},
		{"same name in another city",
			Entry{ID: "a", Names: []string{"Huarong Seafood Factory"}, Point: tumen, Radius: city, Category: "factory"},
			Entry{ID: "b", Names: []string{"Huarong Seafood Factory"}, Point: orb.Point{130.3653, 42.8625}, Radius: city, Category: "factory"},
			false, ""},
		{"same name beyond exact radius",
			Entry{ID: "a", Names: []string{"Huarong Seafood Factory"}, Point: tumen, Radius: exact, Category: "factory"},
			Entry{ID: "b", Names: []string{"Huarong Seafood Factory"}, Point: near(tumen, 120, 0), Radius: exact, Category: "factory"},
			false, ""},
		{"sample: industrial complex and factory in one city",
			Entry{ID: "a", Names: []string{"North Korean industrial complex, Tumen", "图们 朝鲜工业园区", "투먼 북한 공업단지"}, Point: tumen, Radius: city, Category: "industrial_complex"},
			Entry{ID: "b", Names: []string{"Factory employing North Korean laborers, Tumen", "图们 工厂"}, Point: tumen, Radius: city, Category: "factory"},
			false, ""},
		{"place-only names of two kinds",
			Entry{ID: "a", Names: []string{"Tumen restaurant"}, Point: tumen, Radius: city, Category: "restaurant"},
			Entry{ID: "b", Names: []string{"图们 工厂"}, Point: tumen, Radius: city, Category: "factory"},
			false, ""},
		{"same full name, categories differ",
			Entry{ID: "a", Names: []string{"Huarong Seafood Factory"}, Point: tumen, Radius: approx, Category: "factory"},
			Entry{ID: "b", Names: []string{"華榮水產廠", "Huarong Seafood Factory"}, Point: near(tumen, 50, 0), Radius: approx, Category: "fishery"},
			true, "different categories (factory, fishery)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Find([]Entry{tt.a, tt.b}, Options{Aliases: testAliases})
			if !tt.want {
				if len(got) != 0 {
					t.Fatalf("got %+v, want no candidate", got)
				}
				return
			}
			if len(got) != 1 {
				t.Fatalf("got %d candidates, want 1", len(got))
			}
			c := got[0]
			if c.A != "a" || c.B != "b" || c.Score <= 0 || c.Score > 1 {
				t.Errorf("candidate %+v", c)
			}
			if !strings.Contains(strings.Join(c.Reasons, "\n"), tt.why) {
				t.Errorf("reasons %q do not say %q", c.Reasons, tt.why)
			}
			t.Logf("%.2f %q", c.Score, c.Reasons)
		})
	}
}

func TestIndexAddRejects(t *testing.T) {
	x := NewIndex(Options{})
	for _, e := range []Entry{
		{ID: "lon", Point: orb.Point{200, 0}},
		{ID: "nan", Point: orb.Point{math.NaN(), 0}},
		{ID: "radius", Point: orb.Point{0, 0}, Radius: -1},
	} {
		err := x.Add(e)
		if err == nil || !strings.Contains(err.Error(), "site "+e.ID) {
			t.Errorf("Add(%s) = %v, want an error naming the site", e.ID, err)
		}
	}
	if x.Len() != 0 {
		t.Errorf("Len = %d after rejected entries", x.Len())
	}
}

func TestMetres(t *testing.T) {
	for d, want := range map[float64]string{312: "312 m", 2000: "2 km", 1500: "1.5 km", 15000: "15 km", 49.6: "50 m"} {
		if got := metres(d); got != want {
			t.Errorf("metres(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestIndexStreaming adds the same entries one by one and in batches: the
// candidates must be the same as Find's.
func TestIndexStreaming(t *testing.T) {
	s := Synthesize(SynthOptions{Sites: 3000, Duplicates: 300, Seed: 5, Unique: true})
	want := Find(s.Entries, Options{Aliases: SynthAliases})
	one := NewIndex(Options{Aliases: SynthAliases})
	for _, e := range s.Entries {
		if err := one.Add(e); err != nil {
			t.Fatal(err)
		}
	}
	batch := NewIndex(Options{Aliases: SynthAliases})
	for lo := 0; lo < len(s.Entries); lo += 700 {
		if errs := batch.AddBatch(s.Entries[lo:min(lo+700, len(s.Entries))]); errs != nil {
			t.Fatal(errs)
		}
	}
	for name, x := range map[string]*Index{"Add": one, "AddBatch": batch} {
		got := x.Candidates()
		if len(got) != len(want) {
			t.Fatalf("%s: %d candidates, Find %d", name, len(got), len(want))
		}
		for i := range got {
			if got[i].A != want[i].A || got[i].B != want[i].B || got[i].Score != want[i].Score {
				t.Errorf("%s: candidate %d = %+v, Find %+v", name, i, got[i], want[i])
			}
		}
	}
	if len(want) < 250 {
		t.Errorf("only %d candidates from 300 planted duplicates", len(want))
	}
}
