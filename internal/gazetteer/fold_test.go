package gazetteer

import (
	"testing"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Tumen", "tumen"},
		{"  TUMEN ", "tumen"},
		{"Sinŭiju", "sinuiju"},
		{"P'yŏngyang", "pyongyang"},
		{"P’yŏngyang-si", "pyongyangsi"},
		{"Ürümqi", "urumqi"},
		{"Łódź", "lodz"},
		{"Straße", "strasse"},
		{"Đà Nẵng", "danang"},
		{"Ｔｕｍｅｎ", "tumen"}, // full-width
		{"图们", "图们"},
		{"옌지 시", "옌지시"},
		{"단둥 시", "단둥시"},
		{"ガ", "ガ"},  // voiced kana keeps its mark
		{"ｶﾞ", "ガ"}, // half-width kana becomes full-width
		{"Москва", "москва"},
		{"Йошкар-Ола", "иошкарола"},
		{"-'.", ""},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"丹东市", "丹东", true},
		{"단둥시", "단둥", true},
		{"和龙县", "和龙", true},
		{"延吉", "", false},
		{"津市", "", false}, // one character left: too little
		{"tumen", "", false},
	}
	for _, tt := range tests {
		got, ok := Stem(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Stem(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestScriptOf(t *testing.T) {
	tests := []struct {
		in   string
		want Script
	}{
		{"Tumen", Latin}, {"Sinŭiju", Latin}, {"T'u-men 2", Latin},
		{"图们", Han}, {"延吉市", Han}, {"신의주", Hangul}, {"옌지 시", Hangul},
		{"とうきょう", Kana}, {"東京タワー", Kana}, {"Пхеньян", Cyrillic},
		{"بيونغيانغ", Other}, {"Dandong - 丹东", Mixed}, {"Tumen Тюмень", Mixed},
		{"123", 0},
	}
	for _, tt := range tests {
		if got := ScriptOf(tt.in); got != tt.want {
			t.Errorf("ScriptOf(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// FuzzSearch checks that any query, with any options, returns at most the
// limit of distinct places and never panics.
func FuzzSearch(f *testing.F) {
	for _, q := range []string{"Tumen", "图们", "옌지", "Hunchum", "a", "", "\xff", "丹东市", "P'yŏng", "ｶﾞ"} {
		f.Add(q, 5, 129.8, 42.9, true)
	}
	if err := Load(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string, limit int, lon, lat float64, near bool) {
		opts := Options{Limit: limit}
		if near {
			pt := orb.Point{lon, lat}
			opts.Near = &pt
			b := orb.Bound{Min: orb.Point{lon - 1, lat - 1}, Max: orb.Point{lon + 1, lat + 1}}
			opts.View = &b
		}
		got := Search(q, opts)
		want := limit
		if want <= 0 {
			want = DefaultLimit
		}
		if len(got) > min(want, MaxLimit) {
			t.Fatalf("Search(%q, limit %d) gave %d results", q, limit, len(got))
		}
		seen := map[int]bool{}
		for _, p := range got {
			if seen[p.ID] {
				t.Fatalf("Search(%q): place %d twice", q, p.ID)
			}
			seen[p.ID] = true
			if !utf8.ValidString(p.Label()) {
				t.Fatalf("Search(%q): label %q not UTF-8", q, p.Label())
			}
		}
		if k := Fold(q); k != Fold(k) {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", q, k, Fold(k))
		}
	})
}
