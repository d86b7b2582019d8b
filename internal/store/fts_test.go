package store

import "testing"

func TestFTSQuery(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{" - !! ", ""},
		{"hunch", `"hunch"*`},
		{"Hunchun wig 17", `"Hunchun"* AND "wig"* AND "17"*`},
		{"Hunchun wig 17 ", `"Hunchun"* AND "wig"* AND "17"*`},
		{"Hunchun wig !!", `"Hunchun"* AND "wig"*`},
		{"图们", `"图们"`},
		{"Tumen 图们", `"Tumen"* AND "图们"`},
		{"图们 tum", `"图们" AND "tum"*`},
		{"Hunch珲春", `"Hunch"* AND "珲春"`},
		{"延边华宇 园", `cjk : "延边 边华 华宇" AND "园"*`},
		{`say "hi"`, `"say"* AND """hi"""*`},
	} {
		if got := ftsQuery(c.in); got != c.want {
			t.Errorf("ftsQuery(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
