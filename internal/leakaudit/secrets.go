// Package leakaudit reads back the bytes an export wrote and searches them
// for what its profile withheld: every confidential string (names, notes,
// source titles, URLs, excerpts, protected words) in each encoding the
// formats use (raw UTF-8, JSON escapes, XML entities, CSV doubled quotes),
// inside every member of a ZIP/KMZ, and in every page of an SQLite or
// GeoPackage file, case-insensitively; and it checks written positions
// against what the profile allows. A finding names the field and the
// offset, never the secret, so that the message stopping an export does
// not become the leak.
package leakaudit

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Secret is one withheld text and the field it came from ("sources.title",
// "notes", "protected word 3"). Field is shown to the user: it must not
// hold the text itself.
type Secret struct {
	Field string
	Text  string
	// Word makes the secret count only where it is not part of a longer
	// word or number: an edge that is an ASCII letter or digit must not
	// touch another one ("Plant No. 1" is not found in "Plant No. 12").
	// Names and titles want it; protected words, which redaction removes
	// wherever they occur, do not. Han, Hangul and other scripts have no
	// spaces to tell words by, so their edges always match.
	Word bool
}

// Skipped is a withheld text the audit does not search for, and why.
type Skipped struct {
	Field  string
	Reason string
}

// MinRunes is the shortest text the audit searches for: shorter ones
// ("Kim", "北京", a 3-digit worker count) occur by chance in any file of
// some size, and an audit that always fails is switched off.
const MinRunes = 4

// chunkLen is the length in bytes of the pieces a long secret is also
// searched for in a database file, where SQLite may split a long text
// across overflow pages (a 4-byte page number between the parts).
const chunkLen = 48

// Secrets is the set of texts one audit searches for. Build it with
// NewSecrets; it is read-only afterwards and may be used by several scans
// at once.
type Secrets struct {
	fields []string // by secret
	// whole matches every secret whole; pieces matches, for database
	// files, the whole secrets and the chunkLen pieces of long ones.
	whole, pieces *automaton
	// of maps each pattern of pieces (and of whole) to its secret.
	wholeOf, piecesOf []int32
	// wholeAt is, by secret, the index of its whole pattern in pieces.
	wholeAt []int32
	// quote is whether a secret has a double quote: only then can CSV's
	// doubled quotes hide one.
	quote bool
}

// NewSecrets prepares the withheld texts for scanning. A text equal (in
// any case) to one in published, which the export writes on purpose in a
// field it keeps (a confidential source's title that is also a public
// one's), is not searched for. Texts under MinRunes letters after trimming
// are skipped too; both are returned with the reason. Equal texts are
// searched once, under the first field.
func NewSecrets(withheld []Secret, published []string) (*Secrets, []Skipped) {
	f := newFolder()
	pub := map[string]bool{}
	for _, p := range published {
		pub[string(f.fold(nil, []byte(norm.NFC.String(strings.TrimSpace(p)))))] = true
	}
	s := &Secrets{}
	var skipped []Skipped
	seen := map[string]int32{}
	var whole, pieces [][]byte
	var wholeBound, piecesBound []uint8
	for _, w := range withheld {
		t := strings.TrimSpace(strings.ToValidUTF8(w.Text, "\uFFFD"))
		if utf8.RuneCountInString(t) < MinRunes {
			if t != "" {
				skipped = append(skipped, Skipped{w.Field, "shorter than 4 characters: it would match by chance"})
			}
			continue
		}
		folded := f.fold(nil, []byte(norm.NFC.String(t)))
		key := string(folded)
		if pub[key] {
			skipped = append(skipped, Skipped{w.Field, "the same text is written in a field the export keeps"})
			continue
		}
		if id, ok := seen[key]; ok {
			if !w.Word {
				// Searched as a substring if any of its fields asks so.
				wholeBound[id], piecesBound[s.wholeAt[id]] = 0, 0
			}
			continue
		}
		seen[key] = int32(len(s.fields))
		var b uint8
		if w.Word {
			if wordByte(folded[0]) {
				b |= 1
			}
			if wordByte(folded[len(folded)-1]) {
				b |= 2
			}
		}
		wholeBound = append(wholeBound, b)
		s.wholeAt = append(s.wholeAt, int32(len(pieces)))
		piecesBound = append(piecesBound, b)
		s.quote = s.quote || strings.Contains(t, `"`)
		id := int32(len(s.fields))
		s.fields = append(s.fields, w.Field)
		whole = append(whole, folded)
		s.wholeOf = append(s.wholeOf, id)
		pieces = append(pieces, folded)
		s.piecesOf = append(s.piecesOf, id)
		if len(folded) >= 2*chunkLen {
			for at := 0; at+chunkLen <= len(folded); at += chunkLen {
				pieces = append(pieces, folded[at:at+chunkLen])
				s.piecesOf = append(s.piecesOf, id)
				piecesBound = append(piecesBound, 0)
			}
		}
	}
	s.whole = buildAutomaton(whole, wholeBound)
	s.pieces = buildAutomaton(pieces, piecesBound)
	return s, skipped
}

// Len is the number of texts searched for.
func (s *Secrets) Len() int { return len(s.fields) }

// folder is full Unicode case folding rune by rune, as the stream and the
// secrets are folded alike; ASCII needs no table. One per goroutine: a
// cases.Caser is not safe for concurrent use.
type folder struct {
	caser cases.Caser
	// bmp caches the folding of the Basic Multilingual Plane (where Han
	// and Hangul are): 0 unknown, 1 the rune itself, else offset<<8|len in
	// arena. A map lookup per rune was a third of a scan of Korean text.
	bmp   []uint32
	arena []byte
	cache map[rune][]byte
	self  [utf8.UTFMax]byte
}

func newFolder() *folder {
	return &folder{caser: cases.Fold(), bmp: make([]uint32, 0x10000), cache: map[rune][]byte{}}
}

func (f *folder) rune(r rune) []byte {
	if r < 0x10000 {
		switch v := f.bmp[r]; v {
		case 0:
		case 1:
			n := utf8.EncodeRune(f.self[:], r)
			return f.self[:n]
		default:
			return f.arena[v>>8 : v>>8+v&0xff]
		}
		b := f.caser.String(string(r))
		if b == string(r) {
			f.bmp[r] = 1
		} else {
			f.bmp[r] = uint32(len(f.arena))<<8 | uint32(len(b))
			f.arena = append(f.arena, b...)
		}
		return f.rune(r)
	}
	b, ok := f.cache[r]
	if !ok {
		b = []byte(f.caser.String(string(r)))
		f.cache[r] = b
	}
	return b
}

// fold appends b folded to dst.
func (f *folder) fold(dst, b []byte) []byte {
	for len(b) > 0 {
		c := b[0]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			dst = append(dst, c)
			b = b[1:]
			continue
		}
		dst = append(dst, f.rune(r)...)
		b = b[n:]
	}
	return dst
}

// wordByte is an ASCII letter or digit, folded (lower case).
func wordByte(c byte) bool { return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' }
