package store

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// searchFixture stores sites named in the scripts researchers use.
func searchFixture(t *testing.T) *Store {
	t.Helper()
	s := openTemp(t)
	for _, st := range []site.Site{
		{ID: "a", Name: "Hunchun seafood processing plant", Aliases: []string{"珲春海产品加工厂", "훈춘 수산물 공장"}, Category: "factory", Status: site.StatusConfirmed, City: "Hunchun", Geometry: orb.Point{130.36, 42.86}},
		{ID: "b", Name: "图们工业园区", Aliases: []string{"Tumen industrial complex", "도문 공업단지"}, Category: "industrial_complex", Status: site.StatusReported, City: "Tumen", Geometry: orb.Point{129.84, 42.96}},
		{ID: "c", Name: "류경식당", Aliases: []string{"Ryugyong restaurant"}, Category: "restaurant", Status: site.StatusClosed, City: "Ningbo", Province: "Zhejiang", Notes: "13 workers defected in April 2016", Geometry: orb.Point{121.55, 29.87}},
		{ID: "d", Name: "Dandong garment factory", Category: "factory", Status: site.StatusSuspected, City: "Dandong", Operator: "Hongxiang Group", Tags: []string{"garment", "export"}},
		{ID: "e", Name: "Rason fish plant", Category: "fishery", Status: site.StatusReported, City: "Rason", Notes: "Near Hunchun border crossing", Geometry: orb.Polygon{{{130.2, 42.2}, {130.4, 42.2}, {130.4, 42.3}, {130.2, 42.2}}}},
	} {
		mustCreate(t, s, st)
	}
	return s
}

func ids(t *testing.T, s *Store, f Filter) []string {
	t.Helper()
	var out []string
	if err := s.Query(context.Background(), f, func(st site.Site) error {
		out = append(out, st.ID)
		return nil
	}); err != nil {
		t.Fatalf("Query(%+v): %v", f, err)
	}
	n, err := s.Count(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(out) {
		t.Errorf("Count(%+v) = %d, Query returned %d", f, n, len(out))
	}
	var sums []string
	if err := s.Summaries(context.Background(), f, func(sm site.Summary) error {
		sums = append(sums, sm.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sums, out) {
		t.Errorf("Summaries(%+v) = %v, Query %v", f, sums, out)
	}
	return out
}

func TestFilter(t *testing.T) {
	s := searchFixture(t)
	border := &orb.Bound{Min: orb.Point{129.5, 42.0}, Max: orb.Point{130.5, 43.0}}
	for _, tc := range []struct {
		name string
		f    Filter
		want []string
	}{
		{"all", Filter{}, []string{"a", "b", "c", "d", "e"}},
		{"图们", Filter{Text: "图们"}, []string{"b"}},
		{"珲春 (alias)", Filter{Text: "珲春"}, []string{"a"}},
		{"훈춘", Filter{Text: "훈춘"}, []string{"a"}},
		{"Hunchun", Filter{Text: "Hunchun"}, []string{"a", "e"}},
		{"hunchun lower", Filter{Text: "hunchun"}, []string{"a", "e"}},
		{"HUNCH prefix", Filter{Text: "HUNCH"}, []string{"a", "e"}},
		{"multi-word", Filter{Text: "hunchun seafood"}, []string{"a"}},
		{"multi-word no match", Filter{Text: "hunchun garment"}, nil},
		{"last word a prefix", Filter{Text: "hunchun seaf"}, []string{"a"}},
		{"earlier words prefixes too", Filter{Text: "hunch seafood"}, []string{"a"}},
		{"trailing space", Filter{Text: "seaf "}, []string{"a"}},
		{"word then CJK", Filter{Text: "Hunch珲春"}, []string{"a"}},
		{"CJK substring", Filter{Text: "工业"}, []string{"b"}},
		{"CJK three chars", Filter{Text: "图们工"}, []string{"b"}},
		{"CJK not contiguous", Filter{Text: "图工"}, nil},
		{"one CJK char", Filter{Text: "园"}, []string{"b"}},
		{"Korean in name", Filter{Text: "식당"}, []string{"c"}},
		{"mixed scripts", Filter{Text: "Tumen 图们"}, []string{"b"}},
		{"operator", Filter{Text: "hongxiang"}, []string{"d"}},
		{"tag", Filter{Text: "garment export"}, []string{"d"}},
		{"notes", Filter{Text: "defected"}, []string{"c"}},
		{"province", Filter{Text: "zhejiang"}, []string{"c"}},
		{"quotes and operators", Filter{Text: `"AND OR NOT ( * :`}, nil},
		{"punctuation only", Filter{Text: "- ,"}, []string{"a", "b", "c", "d", "e"}},
		{"category", Filter{Categories: []string{"factory"}}, []string{"a", "d"}},
		{"categories OR", Filter{Categories: []string{"factory", "fishery"}}, []string{"a", "d", "e"}},
		{"status", Filter{Statuses: []site.Status{site.StatusReported}}, []string{"b", "e"}},
		{"ids", Filter{IDs: []string{"e", "a", "zz"}}, []string{"a", "e"}},
		{"bbox", Filter{BBox: border}, []string{"a", "b", "e"}},
		{"bbox polygon edge", Filter{BBox: &orb.Bound{Min: orb.Point{130.35, 42.25}, Max: orb.Point{130.37, 42.26}}}, []string{"e"}},
		{"bbox + unplaced", Filter{BBox: border, IncludeUnplaced: true}, []string{"a", "b", "d", "e"}},
		{"bbox + text", Filter{BBox: border, Text: "hunchun"}, []string{"a", "e"}},
		{"bbox + text + unplaced", Filter{BBox: border, Text: "factory", IncludeUnplaced: true}, []string{"d"}},
		{"bbox + category", Filter{BBox: border, Categories: []string{"fishery"}}, []string{"e"}},
		{"limit offset", Filter{Limit: 2, Offset: 1}, []string{"b", "c"}},
		{"offset only", Filter{Offset: 4}, []string{"e"}},
		{"by name", Filter{Order: ByName}, []string{"d", "a", "e", "b", "c"}},
		{"by name bbox unplaced", Filter{Order: ByName, BBox: border, IncludeUnplaced: true, Limit: 3}, []string{"d", "a", "e"}},
		{"by updated", Filter{Order: ByUpdated}, []string{"e", "d", "c", "b", "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(t, s, tc.f)
			if tc.f.Order == ByRow || tc.f.Order == ByID {
				sort.Strings(got)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestQueryBatches streams more sites than one batch and checks each comes
// back complete, in order.
func TestQueryBatches(t *testing.T) {
	s := openTemp(t)
	sites := sitegen.Sites(2*queryBatch+17, 7)
	importSites(t, s, "Import generated", sites)
	want := map[string]site.Site{}
	for _, st := range sites {
		want[st.ID] = st
	}
	prev := ""
	n := 0
	err := s.Query(context.Background(), Filter{}, func(got site.Site) error {
		if got.ID <= prev {
			t.Fatalf("order: %s after %s", got.ID, prev)
		}
		prev = got.ID
		n++
		if w := want[got.ID]; !reflect.DeepEqual(got, w) {
			t.Fatalf("site %s:\n got %+v\nwant %+v", got.ID, got, w)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(sites) {
		t.Errorf("Query returned %d sites, want %d", n, len(sites))
	}
	stop := errors.New("stop")
	if err := s.Query(context.Background(), Filter{}, func(site.Site) error { return stop }); err != stop {
		t.Errorf("callback error: got %v", err)
	}
}

func TestCategories(t *testing.T) {
	s := searchFixture(t)
	mustCreate(t, s, site.Site{Name: "x", Category: "seafood_processing"})
	mustCreate(t, s, site.Site{Name: "y", Category: "brick_kiln"})
	got, err := s.Categories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(site.Categories), "brick_kiln", "seafood_processing")
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
