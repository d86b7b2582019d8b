package store

import (
	"slices"
	"testing"
)

func TestParseRowList(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want []int64
	}{
		{"", 0, []int64{}},
		{"7", 1, []int64{7}},
		{"1,22,333,-4,0", 5, []int64{1, 22, 333, -4, 0}},
		{"123456789012345678", 1, []int64{123456789012345678}},
	} {
		got, err := parseRowList([]byte(c.in), c.n)
		if err != nil || !slices.Equal(got, c.want) || got == nil {
			t.Errorf("parseRowList(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, c := range []struct {
		in string
		n  int
	}{
		{"1,,2", 3}, {"1,", 1}, {",1", 1}, {"1.5", 1}, {"1-2", 1}, {"--1", 1}, {"-", 1},
		{"1,2", 3}, {"1234567890123456789", 1}, {"x", 1},
	} {
		if got, err := parseRowList([]byte(c.in), c.n); err == nil {
			t.Errorf("parseRowList(%q, %d) = %v, want an error", c.in, c.n, got)
		}
	}
}
