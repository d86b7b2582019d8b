package main

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

// timeSites are Tumen-like sites with known dates: which of them a time
// filter keeps is written out by hand in the tests below.
func timeSites() []site.Site {
	mk := func(id, name, first, last string, obs ...site.Observation) site.Site {
		return site.Site{ID: id, Name: name, Category: "factory", Status: site.StatusConfirmed, Geometry: orb.Point{129.84, 42.97},
			FirstReported: site.PartialDate(first), LastReported: site.PartialDate(last), Observations: obs}
	}
	return []site.Site{
		mk("00000000-0000-4000-8000-000000000001", "A seafood plant", "2016-04", "2017-08",
			site.Observation{ID: "00000000-0000-4000-8000-0000000000a1", Date: "2016-04", Status: site.StatusReported},
			site.Observation{ID: "00000000-0000-4000-8000-0000000000a2", Date: "2017-05", Status: site.StatusSuspected}),
		mk("00000000-0000-4000-8000-000000000002", "B garment factory", "2017-12", ""),
		mk("00000000-0000-4000-8000-000000000003", "C complex", "2018", "2019-12-22"),
		mk("00000000-0000-4000-8000-000000000004", "D undated", "", ""),
		mk("00000000-0000-4000-8000-000000000005", "E before the ban", "2017-08-04", "2017-12-22"),
	}
}

func listNames(t *testing.T, args ...string) []string {
	t.Helper()
	code, out, errs := cli(t, append([]string{"list", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("list %v: exit %d\n%s", args, code, errs)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatal(err)
		}
		names = append(names, obj["name"].(string))
	}
	sort.Strings(names)
	return names
}

func TestCLITimeFilters(t *testing.T) {
	isolate(t)
	db := filepath.Join(t.TempDir(), "atlas.db")
	if code, out, errs := cli(t, "import", "--db", db, writeSites(t, "time.geojson", timeSites())); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		// After 2397 (2017-12-22): evidence from 2017-12-23 on; "2017-12"
		// reaches past the 22nd, E's last report is the 22nd itself.
		{[]string{"--from", "2017-12-23"}, "B garment factory,C complex"},
		{[]string{"--until", "2017-08-04"}, "A seafood plant,E before the ban"},
		{[]string{"--from", "2017-05", "--until", "2017-05"}, "A seafood plant"},
		{[]string{"--from", "2019"}, "C complex"},
		{[]string{"--as-of", "2017-06"}, "A seafood plant,D undated"},
		{[]string{"--q", "after:2017-12-22"}, "B garment factory,C complex"},
		{[]string{"--q", "factory reported:2017-12"}, "B garment factory"},
		{[]string{"--q", "before:2017"}, "A seafood plant"},
		{nil, "A seafood plant,B garment factory,C complex,D undated,E before the ban"},
	} {
		if got := strings.Join(listNames(t, append([]string{"--db", db}, c.args...)...), ","); got != c.want {
			t.Errorf("list %v = %s, want %s", c.args, got, c.want)
		}
	}
	code, out, _ := cli(t, "list", "--db", db, "--json", "--as-of", "2017-06", "--q", "seafood")
	if code != 0 || !strings.Contains(out, `"status_as_of":"suspected"`) || !strings.Contains(out, `"status":"confirmed"`) {
		t.Errorf("as of 2017-06: exit %d, %s; want status_as_of suspected beside status confirmed", code, out)
	}
	if code, _, errs := cli(t, "list", "--db", db, "--from", "2019", "--until", "2018"); code != 1 || !strings.Contains(errs, "after --until") {
		t.Errorf("--from after --until: exit %d, %s", code, errs)
	}
	if code, _, errs := cli(t, "list", "--db", db, "--from", "someday"); code != 1 || !strings.Contains(errs, "--from") {
		t.Errorf("--from someday: exit %d, %s", code, errs)
	}
	code, out, errs := cli(t, "export", "--db", db, "--from", "2017-12-23")
	if code != 0 || !strings.Contains(out, "B garment factory") || !strings.Contains(out, "C complex") || strings.Contains(out, "A seafood plant") {
		t.Errorf("export --from 2017-12-23: exit %d, %s\n%s", code, errs, out)
	}
}
