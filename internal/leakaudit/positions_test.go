package leakaudit

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestCheckPositions(t *testing.T) {
	stored := orb.Point{129.843211, 42.966123}
	ps := []Position{
		{Label: "site 1", Stored: stored, Written: orb.Point{129.843, 42.966}},    // 3 decimals, 22 m
		{Label: "site 2", Stored: stored, Written: orb.Point{129.8432, 42.966}},   // 4 decimals
		{Label: "site 3", Stored: stored, Written: orb.Point{129.86, 42.98}},      // ~2 km
		{Label: "site 4", Stored: stored, Written: orb.Point{129.9, 43.1}},        // ~15 km
		{Label: "site 5", Stored: stored, Written: orb.Point{129.843211, 42.966}}, // 6 decimals
	}
	got := CheckPositions(ps, PositionRule{MaxDecimals: 3, MinDistanceKm: 0.1, MaxDistanceKm: 5})
	var desc []string
	for _, f := range got {
		desc = append(desc, f.String())
		if strings.Contains(f.Problem, "129.843211") {
			t.Errorf("finding names the stored position: %s", f)
		}
	}
	want := []string{
		"site 1: written 0.022 km from where it is stored, nearer than the 0.1 km promised",
		"site 2: written with 4 decimals, more than the 3 allowed",
		"site 4: written 15.",
		"site 5: written with 6 decimals, more than the 3 allowed",
	}
	if len(desc) != 4 || desc[0] != want[0] || desc[1] != want[1] || !strings.HasPrefix(desc[2], want[2]) || desc[3] != want[3] {
		t.Errorf("findings %q", desc)
	}
	near := CheckPositions(ps[:1], PositionRule{MaxDecimals: -1, MinDistanceKm: 1})
	if len(near) != 1 || !strings.Contains(near[0].Problem, "nearer than the 1 km promised") {
		t.Errorf("near: %v", near)
	}
	for v, want := range map[float64]int{1: 0, 1.5: 1, 129.843211: 6, -0.001: 3, 42.1e-7: 8} {
		if got := Decimals(v); got != want {
			t.Errorf("Decimals(%v) = %d, want %d", v, got, want)
		}
	}
}
