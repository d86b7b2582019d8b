package timeline

import "testing"

// FuzzParse checks that Parse never panics, that what it accepts is a span
// whose start is not after its end, and that its canonical and ISO forms
// read back to the same span.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"2017", "2017-05", "2017-05-14", "2017-05/2018-02", "..2018", "2018..", "~2017", "2017~",
		"../2018", "2018/..", "May 2018", "2017/12/22", "22 Dec 2017", "2017年5月", "2017년 5월", "..", "2019/2017", "c. 2017 – 2019"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Parse(in)
		if err != nil {
			return
		}
		if !s.Dated() {
			return
		}
		if s.Start > s.End {
			t.Fatalf("Parse(%q): start %s after end %s", in, s.Start, s.End)
		}
		for _, form := range []string{s.String(), s.ISO()} {
			back, err := Parse(form)
			if err != nil || back != s {
				t.Fatalf("Parse(%q) = %+v; its form %q reads back as %+v, %v", in, s, form, back, err)
			}
		}
		if _, _, err := SearchTerms("after:" + s.String()); err != nil && s.End != MaxDay {
			t.Fatalf("after:%s refused: %v", s, err)
		}
	})
}
