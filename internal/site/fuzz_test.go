package site

import (
	"regexp"
	"testing"
)

var partialDateRE = regexp.MustCompile(`^([0-9]{4})(-[0-9]{2}(-[0-9]{2})?)?$`)

// FuzzPartialDate checks that Validate never panics, accepts only the three
// ISO shapes, and that Precision and Compare agree with what it accepted.
func FuzzPartialDate(f *testing.F) {
	for _, s := range []string{"", "2017", "2017-05", "2017-05-14", "2017-02-29", "2016-02-29", "0999", "2017-13",
		"2017-00-01", "2017-5", "2017/05", "２０１７", "2017-05-1٤", "2017-05-14T00:00", "-2017"} {
		f.Add(s, "2017-05")
	}
	f.Fuzz(func(t *testing.T, s, other string) {
		d, err := ParsePartialDate(s)
		if err != nil {
			if s == "" {
				t.Fatalf("empty date refused: %v", err)
			}
			return
		}
		if s != "" && !partialDateRE.MatchString(s) {
			t.Fatalf("%q accepted but is not YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		want := map[int]string{0: "", 4: "year", 7: "month", 10: "day"}[len(s)]
		if got := d.Precision(); got != want {
			t.Fatalf("%q: precision %q, want %q", s, got, want)
		}
		e := PartialDate(other)
		if d.Compare(e) != -e.Compare(d) {
			t.Fatalf("Compare(%q, %q) is not antisymmetric", s, other)
		}
		if d.Compare(d) != 0 {
			t.Fatalf("Compare(%q, itself) != 0", s)
		}
	})
}
