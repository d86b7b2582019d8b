package pdf

import (
	"math"
	"reflect"
	"testing"

	"github.com/siteatlas/siteatlas/assets"
)

func fontDoc(t testing.TB) *Document {
	d := New(Info{})
	for _, f := range [][]byte{assets.LabelFontLatin, assets.LabelFont} {
		if _, err := d.AddFont(f); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func TestWidth(t *testing.T) {
	d := fontDoc(t)
	// Known advances: a Han character is one em in Noto Sans CJK; the
	// digits of Noto Sans are tabular at 572/1000 em.
	for _, c := range []struct {
		s    string
		size float64
		want float64
	}{
		{"图", 10, 10},
		{"图们", 12, 24},
		{"0123", 10, 4 * 5.72},
		{"", 10, 0},
	} {
		if got := d.Width(c.s, c.size); math.Abs(got-c.want) > 0.01 {
			t.Errorf("Width(%q, %v) = %v, want %v", c.s, c.size, got, c.want)
		}
	}
}

func TestFontChoice(t *testing.T) {
	d := fontDoc(t)
	latin, cjk := d.fonts[0], d.fonts[1]
	for r, want := range map[rune]*Font{'A': latin, 'ł': latin, 'ộ': latin, '图': cjk, '투': cjk, 'カ': cjk, 'の': cjk} {
		g, _ := d.glyphFor(r)
		if g.font != want {
			t.Errorf("rune %q set in %s, want %s", r, g.font.Name(), want.Name())
		}
	}
}

func TestWrap(t *testing.T) {
	d := fontDoc(t)
	for _, c := range []struct {
		s     string
		width float64
		want  []string
	}{
		{"one two three", 1000, []string{"one two three"}},
		{"one two three", d.Width("one two", 10) + 0.1, []string{"one two", "three"}},
		{"图们朝鲜工业园区", 30.1, []string{"图们朝", "鲜工业", "园区"}},
		// Closing punctuation stays with the character before it.
		{"图们。朝鲜", 20.1, []string{"图", "们。", "朝鲜"}},
		{"a\nb", 1000, []string{"a", "b"}},
		{"", 100, []string{""}},
		// A word wider than the line is cut between characters.
		{"abcdefghij", d.Width("abcde", 10) + 0.1, []string{"abcde", "fghij"}},
	} {
		got := d.Wrap(c.s, 10, c.width)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Wrap(%q, %.1f) = %q, want %q", c.s, c.width, got, c.want)
		}
		for _, l := range got {
			if w := d.Width(l, 10); w > c.width {
				t.Errorf("Wrap(%q): line %q is %.1f wide, over %.1f", c.s, l, w, c.width)
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	d := New(Info{})
	if _, err := d.AddFont([]byte("not a font at all")); err == nil {
		t.Error("AddFont accepted garbage")
	}
	if _, err := d.AddJPEG([]byte{0xff, 0xd8, 0xff}); err == nil {
		t.Error("AddJPEG accepted a truncated JPEG")
	}
	p := d.AddPage(A4)
	if err := p.LinkURI(Rect{}, "https://example.org/图们"); err == nil {
		t.Error("LinkURI accepted a non-ASCII URI")
	}
	if err := p.LinkPage(Rect{}, New(Info{}).AddPage(A4), 0); err == nil {
		t.Error("LinkPage accepted a page of another document")
	}
	if err := New(Info{}).Write(&discard{}); err == nil {
		t.Error("Write of a document without pages succeeded")
	}
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

// TestMissingGlyph: a rune no font has is drawn as a substitute and
// extracts as that substitute, never as another character.
func TestMissingGlyph(t *testing.T) {
	d := fontDoc(t)
	g, ok := d.glyphFor('\U0001F600') // an emoji neither font has
	if !ok || (g.shown != '\uFFFD' && g.shown != '?') {
		t.Fatalf("missing rune drawn as %q (ok=%v), want U+FFFD or '?'", g.shown, ok)
	}
	p := d.AddPage(A4)
	p.Text(10, 10, TextStyle{Size: 10}, "\U0001F600?")
	for c, r := range g.font.used {
		if r == '\U0001F600' {
			t.Errorf("code %04X maps back to the missing rune", c)
		}
	}
}
