package pdf

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TextStyle is the size (points) and colour of a text run.
type TextStyle struct {
	Size  float64
	Color Color
}

// Text draws s with its baseline starting at (x, y) and returns its width.
// Each rune is set in the first font that has it; control characters are
// skipped. Text needs at least one font (AddFont) and draws nothing without.
func (p *Page) Text(x, y float64, st TextStyle, s string) float64 {
	d := p.doc
	if len(d.fonts) == 0 || s == "" {
		return 0
	}
	d.drawn.WriteString(s)
	d.drawn.WriteByte('\n')
	c := &p.content
	fmt.Fprintf(c, "BT\n%s\n%s %s Td\n", st.Color.op(true), num(x), num(p.y(y)))
	var cur *Font
	var width float64
	open := false
	for _, r := range s {
		if unicode.IsControl(r) {
			continue
		}
		g, _ := d.glyphFor(r)
		if g.font != cur {
			if open {
				c.WriteString("> Tj\n")
			}
			cur = g.font
			fmt.Fprintf(c, "/%s %s Tf\n<", cur.res, num(st.Size))
			open = true
		}
		fmt.Fprintf(c, "%04X", g.font.use(g.gid, g.shown))
		width += g.font.advance(g.gid) * st.Size / 1000
	}
	if open {
		c.WriteString("> Tj\n")
	}
	c.WriteString("ET\n")
	return width
}

// Width is the advance width of s at size points, as Text would draw it.
func (d *Document) Width(s string, size float64) float64 {
	var w float64
	for _, r := range s {
		if unicode.IsControl(r) {
			continue
		}
		if g, ok := d.glyphFor(r); ok {
			w += g.font.advance(g.gid)
		}
	}
	return w * size / 1000
}

// Wrap breaks s into lines no wider than width at size points. It breaks
// at spaces, between CJK characters (not before closing punctuation such as
// 。, nor after opening brackets), at explicit newlines, and inside a word
// only when the word alone is too wide.
func (d *Document) Wrap(s string, size, width float64) []string {
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		lines = append(lines, d.wrapPara(strings.TrimRight(para, " \t\r"), size, width)...)
	}
	return lines
}

func (d *Document) wrapPara(s string, size, width float64) []string {
	if s == "" {
		return []string{""}
	}
	var lines []string
	line, lineW := "", 0.0
	flush := func() {
		lines = append(lines, strings.TrimRight(line, " "))
		line, lineW = "", 0
	}
	for _, u := range units(s) {
		uw := d.Width(u, size)
		if lineW+d.Width(strings.TrimRight(u, " "), size) <= width || line == "" && uw <= width {
			line += u
			lineW += uw
			continue
		}
		if strings.TrimSpace(line) != "" {
			flush()
		}
		u = strings.TrimLeft(u, " ")
		// A unit wider than a whole line is cut between characters.
		for d.Width(strings.TrimRight(u, " "), size) > width {
			cut := 0
			for i, r := range u {
				if i > 0 && d.Width(u[:i+utf8.RuneLen(r)], size) > width {
					break
				}
				cut = i + utf8.RuneLen(r)
			}
			lines = append(lines, u[:cut])
			u = u[cut:]
		}
		line, lineW = u, d.Width(u, size)
	}
	if line != "" || len(lines) == 0 {
		flush()
	}
	return lines
}

// units splits s into pieces that must not be broken: a word with its
// trailing spaces, or one CJK character with any closing punctuation after
// it (and opening punctuation before it).
func units(s string) []string {
	var out []string
	start := 0
	prevCJK, prevSpace := false, false
	for i, r := range s {
		cjk := isCJK(r)
		breakBefore := i > start && (prevSpace && r != ' ' || cjk && !isClosing(r) || prevCJK && !isClosing(r) && r != ' ')
		if breakBefore && isOpening(prevRune(s, i)) {
			breakBefore = false
		}
		if breakBefore {
			out = append(out, s[start:i])
			start = i
		}
		prevCJK, prevSpace = cjk, r == ' '
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

func prevRune(s string, i int) rune {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana) ||
		r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

func isClosing(r rune) bool {
	return strings.ContainsRune("、。，．：；？！）」』】〕〉》’”・ー〜…,.:;?!)]}%", r)
}

func isOpening(r rune) bool {
	return strings.ContainsRune("（「『【〔〈《‘“([{", r)
}
