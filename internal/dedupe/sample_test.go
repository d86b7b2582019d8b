package dedupe

import (
	"testing"

	"github.com/paulmach/orb"
)

// The sample project's sites (internal/app/sample.go), copied rather than
// imported so that this package stays below app.
var sampleSites = []Entry{
	{ID: "tumen-complex", Names: []string{"North Korean industrial complex, Tumen", "图们 朝鲜工业园区", "투먼 북한 공업단지"},
		Point: tumen, Radius: city, Precision: "city", Category: "industrial_complex"},
	{ID: "tumen-factory", Names: []string{"Factory employing North Korean laborers, Tumen", "图们 工厂"},
		Point: tumen, Radius: city, Precision: "city", Category: "factory"},
	{ID: "hunchun-factories", Names: []string{"Factories employing North Korean laborers, Hunchun", "珲春 工厂", "훈춘 공장"},
		Point: orb.Point{130.3653, 42.8625}, Radius: city, Precision: "city", Category: "factory"},
	{ID: "ningbo-restaurant", Names: []string{"Restaurant from which 13 North Korean workers defected"},
		Point: orb.Point{121.5440, 29.8683}, Radius: city, Precision: "city", Category: "restaurant"},
}

func TestSampleHasNoDuplicates(t *testing.T) {
	if got := Find(sampleSites, Options{Aliases: testAliases}); len(got) != 0 {
		t.Errorf("the sample's four distinct sites gave candidates: %+v", got)
	}
}

// A colleague's file records three of the sample's sites again, in other
// scripts and a little off: each must pair with its original, and only
// with it.
func TestSampleWithColleaguesRecords(t *testing.T) {
	theirs := []Entry{
		{ID: "their-complex", Names: []string{"圖們朝鮮工業園區"}, Point: near(tumen, 300, -200), Radius: approx, Precision: "approximate", Category: "industrial_complex"},
		{ID: "their-tumen-factory", Names: []string{"투먼시 공장"}, Point: near(tumen, -1500, 800), Radius: city, Category: "factory"},
		{ID: "their-hunchun", Names: []string{"Hunchun-shi factory"}, Point: orb.Point{130.37, 42.87}, Radius: city, Category: "factory"},
	}
	want := map[[2]string]bool{
		{"tumen-complex", "their-complex"}:       true,
		{"tumen-factory", "their-tumen-factory"}: true,
		{"hunchun-factories", "their-hunchun"}:   true,
	}
	got := Find(append(append([]Entry{}, sampleSites...), theirs...), Options{Aliases: testAliases})
	for _, c := range got {
		t.Logf("%s ~ %s %.2f %q", c.A, c.B, c.Score, c.Reasons)
		if !want[[2]string{c.A, c.B}] {
			t.Errorf("unexpected candidate %s ~ %s", c.A, c.B)
		}
		delete(want, [2]string{c.A, c.B})
	}
	for p := range want {
		t.Errorf("missed %s ~ %s", p[0], p[1])
	}
}
