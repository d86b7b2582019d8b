package geoio

import (
	"strings"
	"testing"
)

func TestRevisionText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Revision
		err  string
	}{
		{"5:3fa2c9e01b7d", Revision{Counter: 5, Hash: "3fa2c9e01b7d"}, ""},
		{"0b6f…@2:000000000000", Revision{ID: "0b6f…", Counter: 2, Hash: "000000000000"}, ""},
		{"5", Revision{}, "want COUNTER:HASH"},
		{"0:3fa2c9e01b7d", Revision{}, "not a positive whole number"},
		{"x:3fa2c9e01b7d", Revision{}, "not a positive whole number"},
		{"5:3FA2C9E01B7D", Revision{}, "lower-case hex"},
		{"5:3fa2", Revision{}, "12 lower-case hex"},
		{"@5:3fa2c9e01b7d", Revision{}, "empty id"},
	} {
		got, err := ParseRevision(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("ParseRevision(%q) error %v, want one saying %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseRevision(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
		if got.String() != tc.in {
			t.Errorf("String() = %q, want %q", got.String(), tc.in)
		}
	}
	if (Revision{}).String() != "" {
		t.Error("zero revision has a text form")
	}
}

func FuzzParseRevision(f *testing.F) {
	f.Add("5:3fa2c9e01b7d")
	f.Add("id@1:000000000000")
	f.Add("@@:")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRevision(s)
		if err != nil {
			return
		}
		back, err := ParseRevision(r.String())
		if err != nil || back != r {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", s, r, r.String(), back, err)
		}
	})
}
