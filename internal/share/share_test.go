package share

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

var testEnv = Env{Salt: []byte("0123456789abcdef-test-salt")}

// decimals is how many decimals strconv's shortest form of v has: what a
// writer that prints shortest floats would write. It checks coarseness
// independently of roundPoint.
func decimals(v float64) int {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func session(t *testing.T, p Profile, env Env) *Session {
	t.Helper()
	x, err := NewSession(p, env)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestBuiltinsValid(t *testing.T) {
	for _, p := range Builtins() {
		if err := p.Validate(); err != nil {
			t.Errorf("%s: %v", p.Name, err)
		}
		q, ok := Builtin(strings.ToLower(p.Name))
		if !ok || q.Name != p.Name {
			t.Errorf("Builtin(%q) = %v, %v", strings.ToLower(p.Name), q.Name, ok)
		}
	}
	if _, ok := Builtin("nope"); ok {
		t.Error("Builtin(nope) found a profile")
	}
	if p := Internal(); !p.IncludeConfidential || p.Positions.Mode != PositionsStored || p.Sources != SourcesKeep || p.Attachments != AttachmentsKeep || p.Dates != DatesStored || len(p.Drop) > 0 {
		t.Errorf("Internal is not everything: %+v", p)
	}
}

func TestValidateErrors(t *testing.T) {
	base := Public()
	for _, c := range []struct {
		name string
		edit func(p *Profile)
		want string
	}{
		{"no name", func(p *Profile) { p.Name = " " }, "name is empty"},
		{"no mode", func(p *Profile) { p.Positions.Mode = "" }, "positions: no mode"},
		{"bad mode", func(p *Profile) { p.Positions.Mode = "blur" }, `unknown mode "blur"`},
		{"round decimals", func(p *Profile) { p.Positions = Positions{Mode: PositionsRound, Decimals: 7} }, "7 decimals is out of range"},
		{"grid", func(p *Profile) { p.Positions = Positions{Mode: PositionsGrid} }, "grid of 0 km"},
		{"grid NaN", func(p *Profile) { p.Positions = Positions{Mode: PositionsGrid, GridKm: math.NaN()} }, "grid of NaN km"},
		{"radius", func(p *Profile) { p.Positions.RadiusKm = -1 }, "displacement of up to -1 km"},
		{"radius vs decimals", func(p *Profile) { p.Positions = Positions{Mode: PositionsDisplace, RadiusKm: 1, Decimals: 1} }, "too coarse"},
		{"sources", func(p *Profile) { p.Sources = "hide" }, `sources: unknown mode "hide"`},
		{"drop", func(p *Profile) { p.Drop = []Field{FieldNotes, "name"} }, `drop[1]: unknown field "name"`},
		{"short word", func(p *Profile) { p.ProtectedWords = []string{"Kim", " x "} }, "protected word 2 is shorter"},
		{"word in replacement", func(p *Profile) { p.ProtectedWords = []string{"ACTED"} }, "occurs in the replacement"},
		{"attachments", func(p *Profile) { p.Attachments = "" }, "attachments: no mode"},
		{"dates", func(p *Profile) { p.Dates = "day" }, `dates: unknown mode "day"`},
	} {
		p := base
		p.Drop = append([]Field(nil), base.Drop...)
		c.edit(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.name, err, c.want)
		}
	}
}

func TestProfileJSONRoundTrip(t *testing.T) {
	p := Public()
	p.Drop = []Field{FieldExtra, FieldNotes, FieldOperator}
	p.ProtectedWords = []string{"김철수", "Pak"}
	b, err := EncodeProfile(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"Public","include_confidential":false,"positions":{"mode":"displace","decimals":3,"radius_km":2},"sources":"pseudonymise","drop":["notes","operator","extra"],"protected_words":["김철수","Pak"],"attachments":"stripped","dates":"month"}`
	if string(b) != want {
		t.Errorf("encoded\n%s\nwant\n%s", b, want)
	}
	q, err := DecodeProfile(b)
	if err != nil {
		t.Fatal(err)
	}
	if q.Name != p.Name || q.Positions != p.Positions || len(q.Drop) != 3 || q.ProtectedWords[0] != "김철수" {
		t.Errorf("decoded %+v", q)
	}
	if _, err := DecodeProfile([]byte(`{"name":"x","positions":{"mode":"stored"},"sources":"keep","attachments":"omit","dates":"stored","include_confidental":true}`)); err == nil || !strings.Contains(err.Error(), "include_confidental") {
		t.Errorf("a misspelt member was accepted: %v", err)
	}
}

func FuzzDecodeProfile(f *testing.F) {
	for _, p := range Builtins() {
		b, _ := EncodeProfile(p)
		f.Add(b)
	}
	f.Add([]byte(`{"name":"x","positions":{"mode":"grid","grid_km":1e308}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodeProfile(b)
		if err != nil {
			return
		}
		// A profile that decodes is valid, re-encodes, and applies.
		if err := p.Validate(); err != nil {
			t.Fatalf("decoded an invalid profile: %v", err)
		}
		enc, err := EncodeProfile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeProfile(enc); err != nil {
			t.Fatalf("re-encoded profile does not decode: %v\n%s", err, enc)
		}
		x, err := NewSession(p, testEnv)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range sitegen.Sites(3, 1) {
			x.Apply(s)
		}
	})
}

// exactPoints returns generated placed point sites of exact precision.
func exactPoints(n int) []site.Site {
	var out []site.Site
	for _, s := range sitegen.Sites(n, 7) {
		if _, ok := s.Geometry.(orb.Point); ok {
			s.Precision = site.PrecisionExact
			s.Confidential = false
			out = append(out, s)
		}
	}
	return out
}

func TestDisplace(t *testing.T) {
	p := Public()
	x := session(t, p, testEnv)
	sites := exactPoints(500)
	for _, s := range sites {
		out, ok := x.Apply(s)
		if !ok {
			t.Fatal("site left out")
		}
		orig, got := s.Geometry.(orb.Point), out.Geometry.(orb.Point)
		d := geo.DistanceHaversine(orig, got) / 1000
		if d > p.Positions.RadiusKm || d < 0.1*p.Positions.RadiusKm {
			t.Errorf("%s: displaced by %.3f km, want 0.2 to 2 km", s.ID, d)
		}
		if decimals(got[0]) > 3 || decimals(got[1]) > 3 {
			t.Errorf("%s: %v has more than 3 decimals", s.ID, got)
		}
	}
	if r := x.Report(); r.PositionsGeneralised != len(sites) {
		t.Errorf("report says %d positions generalised, want %d", r.PositionsGeneralised, len(sites))
	}
}

func TestDisplaceDeterministic(t *testing.T) {
	sites := exactPoints(100)
	a, b := session(t, Public(), testEnv), session(t, Public(), testEnv)
	other := Public()
	other.Name = "Public copy"
	c := session(t, other, testEnv)
	d := session(t, Public(), Env{Salt: []byte("another database's salt")})
	same := 0
	for _, s := range sites {
		oa, _ := a.Apply(s)
		// The same site edited: another name, moved by nothing.
		e := s
		e.Name = "Renamed " + s.Name
		e.Notes = "edited"
		ob, _ := b.Apply(e)
		if !orb.Equal(oa.Geometry, ob.Geometry) {
			t.Errorf("%s: offset changed between exports or with the name: %v vs %v", s.ID, oa.Geometry, ob.Geometry)
		}
		oc, _ := c.Apply(s)
		od, _ := d.Apply(s)
		if orb.Equal(oa.Geometry, oc.Geometry) || orb.Equal(oa.Geometry, od.Geometry) {
			same++
		}
	}
	if same > 2 {
		t.Errorf("%d of %d sites got the same offset under another profile name or salt", same, len(sites))
	}
}

func TestDisplaceFollowsEditedPosition(t *testing.T) {
	s := exactPoints(1)[0]
	a, _ := Apply(Public(), s, testEnv)
	pt := s.Geometry.(orb.Point)
	s.Geometry = orb.Point{pt[0] + 0.01, pt[1]}
	b, _ := Apply(Public(), s, testEnv)
	pa, pb := a.Geometry.(orb.Point), b.Geometry.(orb.Point)
	if math.Abs(pb[0]-pa[0]-0.01) > 0.0011 || math.Abs(pb[1]-pa[1]) > 0.0011 {
		t.Errorf("moving a site by 0.01° moved its displaced point from %v to %v", pa, pb)
	}
}

func TestPrecisionCap(t *testing.T) {
	profiles := []Positions{
		{Mode: PositionsStored},
		{Mode: PositionsRound, Decimals: 5},
		{Mode: PositionsGrid, GridKm: 0.05},
		{Mode: PositionsCity},
		{Mode: PositionsDisplace, RadiusKm: 5, Decimals: 5},
	}
	centre := func(s site.Site) (orb.Point, bool) { return orb.Point{130.366123, 42.862456}, true }
	for _, pos := range profiles {
		p := Internal()
		p.Positions = pos
		x := session(t, p, Env{Salt: testEnv.Salt, CityCentre: centre})
		for _, s := range sitegen.Sites(300, 3) {
			out, _ := x.Apply(s)
			pt, ok := out.Geometry.(orb.Point)
			if !ok {
				continue
			}
			max := site.CoordinateDecimals(s.Precision)
			if pos.Mode == PositionsStored {
				// As stored: the writers round; generated sites already are.
				continue
			}
			if decimals(pt[0]) > max || decimals(pt[1]) > max {
				t.Errorf("%s: %s site written as %v: more than %d decimals", pos.Mode, s.Precision, pt, max)
			}
		}
	}
}

func TestRound(t *testing.T) {
	p := Internal()
	p.Positions = Positions{Mode: PositionsRound, Decimals: 2}
	for _, s := range exactPoints(200) {
		out, _ := Apply(p, s, testEnv)
		pt, orig := out.Geometry.(orb.Point), s.Geometry.(orb.Point)
		if decimals(pt[0]) > 2 || decimals(pt[1]) > 2 || math.Abs(pt[0]-orig[0]) > 0.005+1e-9 || math.Abs(pt[1]-orig[1]) > 0.005+1e-9 {
			t.Errorf("%v rounded to 2 decimals gave %v", orig, pt)
		}
	}
}

func TestGrid(t *testing.T) {
	const km = 5.0
	p := Internal()
	p.Positions = Positions{Mode: PositionsGrid, GridKm: km}
	for _, s := range exactPoints(300) {
		out, _ := Apply(p, s, testEnv)
		pt, orig := out.Geometry.(orb.Point), s.Geometry.(orb.Point)
		latStep := km / 111.3195 // independently: km per degree on orb's sphere
		rows := pt[1] / latStep
		if math.Abs(rows-math.Round(rows)) > 1e-3 {
			t.Errorf("latitude %v is not a multiple of %v", pt[1], latStep)
		}
		cols := pt[0] / GridLonStep(pt[1], km)
		if math.Abs(cols-math.Round(cols)) > 1e-3 {
			t.Errorf("longitude %v is not a multiple of the row's step", pt[0])
		}
		// Never farther than half a cell's diagonal, and snapped, so most
		// sites move.
		if d := geo.DistanceHaversine(orig, pt) / 1000; d > km*math.Sqrt2/2+0.01 {
			t.Errorf("%v snapped to %v: %.2f km away", orig, pt, d)
		}
	}
}

func TestCityCentre(t *testing.T) {
	centres := map[string]orb.Point{"Hunchun": {130.3667, 42.8667}}
	env := Env{Salt: testEnv.Salt, CityCentre: func(s site.Site) (orb.Point, bool) {
		c, ok := centres[s.City]
		return c, ok
	}}
	p := Internal()
	p.Positions = Positions{Mode: PositionsCity}
	seen := map[string]bool{}
	for _, s := range exactPoints(300) {
		out, _ := Apply(p, s, env)
		pt := out.Geometry.(orb.Point)
		if s.City == "Hunchun" {
			if pt != centres["Hunchun"] {
				t.Errorf("Hunchun site at %v, want the centre", pt)
			}
		} else if decimals(pt[0]) > 2 || decimals(pt[1]) > 2 {
			t.Errorf("%s site without a centre at %v: want 2 decimals", s.City, pt)
		}
		seen[s.City] = true
	}
	if !seen["Hunchun"] || len(seen) < 3 {
		t.Errorf("generated sites cover too few cities: %v", seen)
	}
}

func TestPolygonToCentroid(t *testing.T) {
	s := site.Site{ID: "p1", Name: "Compound", Precision: site.PrecisionExact,
		Geometry: orb.Polygon{{{130, 42}, {130.01, 42}, {130.01, 42.01}, {130, 42.01}, {130, 42}}}}
	p := Internal()
	p.Positions = Positions{Mode: PositionsRound, Decimals: 4}
	out, rep := Apply(p, s, testEnv)
	if out.Geometry != (orb.Point{130.005, 42.005}) || rep.PositionsGeneralised != 1 {
		t.Errorf("polygon generalised to %v (%d)", out.Geometry, rep.PositionsGeneralised)
	}
	p = Internal()
	out, _ = Apply(p, s, testEnv)
	if _, ok := out.Geometry.(orb.Polygon); !ok {
		t.Errorf("stored positions changed a polygon to %T", out.Geometry)
	}
	s.Geometry = orb.Polygon{}
	if out, _ := Apply(Public(), s, testEnv); out.Geometry != nil {
		t.Errorf("an empty polygon became %v", out.Geometry)
	}
	s.Geometry = nil
	if out, rep := Apply(Public(), s, testEnv); out.Geometry != nil || rep.PositionsGeneralised != 0 {
		t.Errorf("an unplaced site got %v", out.Geometry)
	}
}

func TestWrap(t *testing.T) {
	for _, c := range []struct{ in, want orb.Point }{
		{orb.Point{181, 10}, orb.Point{-179, 10}},
		{orb.Point{-181, 10}, orb.Point{179, 10}},
		{orb.Point{10, 91}, orb.Point{-170, 89}},
	} {
		got := wrap(c.in)
		if math.Abs(got[0]-c.want[0]) > 1e-9 || math.Abs(got[1]-c.want[1]) > 1e-9 {
			t.Errorf("wrap(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestLetters(t *testing.T) {
	for n, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA"} {
		if got := letters(n); got != want {
			t.Errorf("letters(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestJSONDescribeHasNoWords(t *testing.T) {
	p := Public()
	p.ProtectedWords = []string{"Secretname", "김철수"}
	b, _ := json.Marshal(Describe(p))
	text := DescribeText(p)
	for _, w := range p.ProtectedWords {
		if strings.Contains(string(b), w) || strings.Contains(text, w) {
			t.Errorf("description names the protected word %q", w)
		}
	}
	if !strings.Contains(text, "displaced by 200 m to 2 km") || !strings.Contains(text, "2 protected words redacted") {
		t.Errorf("DescribeText = %s", text)
	}
	if !strings.Contains(string(b), `"positions_radius_km":2`) {
		t.Errorf("Describe = %s", b)
	}
}

func BenchmarkApplyPublic(b *testing.B) {
	sites := sitegen.Sites(10000, 3)
	p := Public()
	p.ProtectedWords = []string{"Kim Chol-su", "김철수"}
	x, err := NewSession(p, testEnv)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		x.Apply(sites[i%len(sites)])
	}
}
