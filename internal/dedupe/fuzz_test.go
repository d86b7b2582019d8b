package dedupe

import (
	"testing"
	"unicode/utf8"
)

// FuzzNameKeys checks that any text gives keys without panicking, and that
// keys are fixed points: the keys of a key start with that key.
func FuzzNameKeys(f *testing.F) {
	for _, s := range []string{
		"North Korean industrial complex, Tumen", "圖們朝鮮工業園區", "투먼시 화영수산 공장", "(주)화영 수산공장",
		"Ｈｕａｒｏｎｇ Ｓｅａｆｏｏｄ", "Lüshun Fish Plant No. 007", "kong hong trading", "Hong and Kong",
		"珲春假发3号厂", "号市시", "\u0301a\u0301", "ﬁ ß İ", "", "e\u0308\u0301",
	} {
		f.Add(s)
	}
	n := &Normalizer{Aliases: testAliases}
	plain := &Normalizer{}
	f.Fuzz(func(t *testing.T, s string) {
		for _, norm := range []*Normalizer{n, plain} {
			keys := norm.NameKeys(s)
			for _, k := range keys {
				if !utf8.ValidString(k) {
					t.Fatalf("NameKeys(%q): key %q is not UTF-8", s, k)
				}
				again := norm.NameKeys(k)
				if len(again) == 0 || again[0] != k {
					t.Fatalf("NameKeys(%q) = %q; NameKeys(%q) = %q, want it to start with the key", s, keys, k, again)
				}
			}
		}
	})
}
