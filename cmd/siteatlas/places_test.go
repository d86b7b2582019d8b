package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// TestCLIPlaces: siteatlas places finds places by name in any script and
// reads positions, offline (issue 15's "done when").
func TestCLIPlaces(t *testing.T) {
	for _, tt := range []struct {
		query   string
		code    int
		out     string // substring of the first line
		lat     float64
		lon     float64
		errPart string
	}{
		{"图们", 0, "Tumen 图们 · Jilin, CN", 42.97, 129.84, ""},
		{"옌지", 0, "Yanji 옌지 · Jilin, CN", 42.89, 129.50, ""},
		{"Dandong", 0, "Dandong 丹东 · Liaoning, CN", 40.13, 124.39, ""},
		{"42°57′N 129°50′E", 0, "42.950000, 129.833333", 42.95, 129.8333, ""},
		{"52T 568500 4757826", 0, "(UTM)", 42.97, 129.84, ""},
		{"42.97, 190", 1, "", 0, 0, "longitude 190 is out of range"},
		{"Xyzzyq", 1, "", 0, 0, "no place matches"},
	} {
		var out, errs bytes.Buffer
		code := run(context.Background(), []string{"places", "--limit", "3", tt.query}, &out, &errs)
		if code != tt.code || !strings.Contains(out.String(), tt.out) || !strings.Contains(errs.String(), tt.errPart) {
			t.Errorf("places %q: exit %d\n%s%s", tt.query, code, out.String(), errs.String())
			continue
		}
		if tt.code != 0 {
			continue
		}
		var j bytes.Buffer
		run(context.Background(), []string{"places", "--json", "--limit", "1", tt.query}, &j, &errs)
		var first struct{ Lat, Lon float64 }
		if err := json.NewDecoder(&j).Decode(&first); err != nil {
			t.Errorf("places --json %q: %v", tt.query, err)
			continue
		}
		if d := max(abs(first.Lat-tt.lat), abs(first.Lon-tt.lon)); d > 0.02 {
			t.Errorf("places %q is at %.4f, %.4f, want %.4f, %.4f", tt.query, first.Lat, first.Lon, tt.lat, tt.lon)
		}
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// TestTerminalText: raw control and escape characters in list output drove
// the terminal and shifted the columns.
func TestTerminalText(t *testing.T) {
	for in, want := range map[string]string{
		"Tumen 图们":           "Tumen 图们",
		"evil\x1b[2Jname":    `evil\x1b[2Jname`,
		"tab\there\nnewline": `tab\there\nnewline`,
	} {
		if got := terminalText(in); got != want {
			t.Errorf("terminalText(%q) = %q, want %q", in, got, want)
		}
	}
}
