package store

import (
	"slices"
	"testing"
)

func TestParseRowList(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int64
	}{
		{"", []int64{}},
		{"7", []int64{7}},
		{"1,22,333,-4,0", []int64{1, 22, 333, -4, 0}},
		{"123456789012345678", []int64{123456789012345678}},
	} {
		got, err := parseRowList([]byte(c.in))
		if err != nil || !slices.Equal(got, c.want) || got == nil {
			t.Errorf("parseRowList(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"1,,2", "1,", ",1", "1.5", "1-2", "--1", "-", "1234567890123456789", "x"} {
		if got, err := parseRowList([]byte(in)); err == nil {
			t.Errorf("parseRowList(%q) = %v, want an error", in, got)
		}
	}
}
