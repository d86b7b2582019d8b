package geoio

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// The DBF (dBase III) table of a shapefile: a header, 32-byte field
// descriptors, then fixed-length records read one at a time. Texts are in
// the code page the .cpg file names, else the one the language driver byte
// (LDID) names; with neither, UTF-8 when the bytes are valid UTF-8, else
// Windows-1252 with a warning (what most Western tools wrote).

// dbfField is one column.
type dbfField struct {
	name     string
	typ      byte
	off, len int
	decimals int
}

// dbfTable reads the records of a DBF stream.
type dbfTable struct {
	file    string // the .dbf name, for messages
	r       *bufio.Reader
	fields  []dbfField
	records int // as declared in the header
	recLen  int
	read    int
	rec     []byte
	enc     encoding.Encoding // nil: UTF-8
	guess   bool              // no code page declared: UTF-8 if valid, else CP1252
	guessed bool              // a guess fell back to CP1252
	cpName  string
}

// codePages maps what .cpg files say (upper-cased, without "CP", "-" and
// "_") to encodings. nil is UTF-8.
var codePages = map[string]encoding.Encoding{
	"UTF8": nil, "65001": nil,
	"1252": charmap.Windows1252, "WINDOWS1252": charmap.Windows1252, "ANSI1252": charmap.Windows1252,
	"88591": charmap.Windows1252, "ISO88591": charmap.Windows1252, "LATIN1": charmap.Windows1252,
	"1250": charmap.Windows1250, "1251": charmap.Windows1251, "1253": charmap.Windows1253, "1254": charmap.Windows1254,
	"437": charmap.CodePage437, "850": charmap.CodePage850, "866": charmap.CodePage866,
	"GBK": simplifiedchinese.GBK, "936": simplifiedchinese.GBK, "GB2312": simplifiedchinese.GBK,
	"GB18030": simplifiedchinese.GB18030, "54936": simplifiedchinese.GB18030,
	"BIG5": traditionalchinese.Big5, "950": traditionalchinese.Big5,
	"EUCKR": korean.EUCKR, "949": korean.EUCKR, "KSC5601": korean.EUCKR,
	"SHIFTJIS": japanese.ShiftJIS, "SJIS": japanese.ShiftJIS, "932": japanese.ShiftJIS,
	"EUCJP": japanese.EUCJP,
}

// ldidPages maps the DBF language driver byte to a code page name of
// codePages (the table ESRI and GDAL use).
var ldidPages = map[byte]string{
	0x01: "437", 0x02: "850", 0x03: "1252", 0x57: "1252", 0x59: "1252",
	0x13: "932", 0x7B: "932", 0x4D: "936", 0x7A: "936", 0x4E: "949", 0x79: "949",
	0x4F: "950", 0x78: "950", 0x26: "866", 0x65: "866",
	0xC8: "1250", 0xC9: "1251", 0xCA: "1254", 0xCB: "1253",
}

// lookupCodePage finds the encoding a .cpg names.
func lookupCodePage(name string) (encoding.Encoding, bool) {
	n := strings.ToUpper(strings.TrimSpace(name))
	n = strings.NewReplacer("-", "", "_", "", " ", "").Replace(n)
	n = strings.TrimPrefix(n, "CP")
	e, ok := codePages[n]
	return e, ok
}

// newDBF reads the header of a DBF. cpg is the .cpg file's text ("" when
// there is none). warn receives a warning about the code page.
func newDBF(file string, r io.Reader, cpg string, warn func(string)) (*dbfTable, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: "+format, append([]any{file}, args...)...)
	}
	var h [32]byte
	if _, err := io.ReadFull(br, h[:]); err != nil {
		return nil, bad("the table header is incomplete (%v)", err)
	}
	t := &dbfTable{file: file, r: br,
		records: int(binary.LittleEndian.Uint32(h[4:])),
		recLen:  int(binary.LittleEndian.Uint16(h[10:]))}
	headLen := int(binary.LittleEndian.Uint16(h[8:]))
	if headLen < 33 || t.recLen < 1 {
		return nil, bad("not a dBase table: header length %d, record length %d", headLen, t.recLen)
	}
	desc := make([]byte, headLen-32)
	if _, err := io.ReadFull(br, desc); err != nil {
		return nil, bad("the field descriptors are incomplete (%v)", err)
	}
	off := 1 // the deletion flag
	for i := 0; i+32 <= len(desc) && desc[i] != 0x0D; i += 32 {
		d := desc[i : i+32]
		name := d[:11]
		if j := bytes.IndexByte(name, 0); j >= 0 {
			name = name[:j]
		}
		f := dbfField{typ: d[11], off: off, len: int(d[16]), decimals: int(d[17])}
		if f.typ == 'C' {
			// Clipper and GDAL keep text lengths over 255 in the decimals byte.
			f.len |= f.decimals << 8
		}
		f.name = string(bytes.TrimSpace(name)) // decoded once the code page is known
		off += f.len
		t.fields = append(t.fields, f)
	}
	if off > t.recLen {
		return nil, bad("the fields take %d bytes but a record has %d", off, t.recLen)
	}
	t.rec = make([]byte, t.recLen)
	switch {
	case strings.TrimSpace(cpg) != "":
		e, ok := lookupCodePage(cpg)
		if !ok {
			t.guess = true
			warn(fmt.Sprintf("the .cpg names the code page %s, which is not known here; texts read as UTF-8 where valid, else Windows-1252", quoteText(strings.TrimSpace(cpg))))
		}
		t.enc, t.cpName = e, strings.TrimSpace(cpg)
	case ldidPages[h[29]] != "":
		t.cpName = ldidPages[h[29]]
		t.enc, _ = lookupCodePage(t.cpName)
	default:
		t.guess = true
	}
	seen := map[string]bool{}
	for i := range t.fields {
		name := dbfFullName(t.text([]byte(t.fields[i].name)), t.fields[i].typ)
		// A repeated name would be one property twice; GDAL renames too.
		for n := 1; seen[name] || name == ""; n++ {
			name = fmt.Sprintf("%s_%d", dbfFullName(t.text([]byte(t.fields[i].name)), t.fields[i].typ), n)
		}
		seen[name] = true
		t.fields[i].name = name
	}
	return t, nil
}

// text decodes a text value in the table's code page.
func (t *dbfTable) text(b []byte) string {
	if t.guess {
		if utf8.Valid(b) {
			return string(b)
		}
		t.guessed = true
		s, _ := charmap.Windows1252.NewDecoder().Bytes(b)
		return string(s)
	}
	if t.enc == nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	s, err := t.enc.NewDecoder().Bytes(b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return string(s)
}

// next reads the next record into t.rec. It returns io.EOF after the
// declared count or at the end-of-file marker.
func (t *dbfTable) next() (deleted bool, err error) {
	if t.read >= t.records {
		return false, io.EOF
	}
	if b, err := t.r.Peek(1); err == nil && b[0] == 0x1A && t.recLen > 1 {
		return false, io.EOF
	}
	if _, err := io.ReadFull(t.r, t.rec); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return false, fmt.Errorf("%s: record %d of %d is incomplete: the file ends early", t.file, t.read+1, t.records)
		}
		return false, fmt.Errorf("%s: record %d: %v", t.file, t.read+1, err)
	}
	t.read++
	return t.rec[0] == '*', nil
}

// props writes the fields of the current record as JSON properties. Empty
// values are left out: a DBF cannot tell an empty value from none, and an
// update must not clear what the file does not carry.
func (t *dbfTable) props(f *fields, skip func(string) bool) {
	w := f.w
	for i := range t.fields {
		fd := &t.fields[i]
		if skip != nil && skip(fd.name) {
			continue
		}
		raw := t.rec[fd.off : fd.off+fd.len]
		switch fd.typ {
		case 'N', 'F':
			v := string(bytes.TrimSpace(raw))
			if v == "" || strings.Trim(v, "*") == "" {
				continue
			}
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				if fd.name == "confidential" && (n == 0 || n == 1) {
					// GDAL and QGIS write booleans as 0/1 numbers.
					putBool(f, fd.name, n == 1)
					continue
				}
				f.key(fd.name)
				w.b = strconv.AppendInt(w.b, n, 10)
			} else if x, err := strconv.ParseFloat(v, 64); err == nil && !isNaNOrInf(x) {
				f.key(fd.name)
				w.float(x)
			} else {
				f.str(fd.name, v)
			}
		case 'L':
			switch v := bytes.TrimSpace(raw); {
			case len(v) == 1 && bytes.ContainsAny(v, "TtYy"):
				putBool(f, fd.name, true)
			case len(v) == 1 && bytes.ContainsAny(v, "FfNn"):
				putBool(f, fd.name, false)
			case len(v) == 0 || string(v) == "?":
			default:
				f.str(fd.name, t.text(v))
			}
		case 'D':
			v := string(bytes.TrimSpace(raw))
			if v == "" || strings.Trim(v, "0") == "" {
				continue
			}
			if len(v) == 8 && allDigits(v) {
				v = v[:4] + "-" + v[4:6] + "-" + v[6:]
			}
			f.str(fd.name, v)
		default: // C and anything else, kept as text
			v := bytes.TrimRight(raw, " \x00")
			if fd.typ != 'C' {
				v = bytes.TrimSpace(v)
			}
			if len(v) == 0 {
				continue
			}
			// Blank in any script (a no-break space in CP1252) is empty
			// too; the decoder would keep a blank name it cannot write back.
			if s := t.text(v); strings.TrimSpace(s) != "" {
				f.str(fd.name, s)
			}
		}
	}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isNaNOrInf(x float64) bool {
	return x != x || x > 1.7976931348623157e308 || x < -1.7976931348623157e308
}

// modelNames are the site properties longer than a DBF field name's 10
// characters, which GDAL and QGIS cut when they write a shapefile.
var modelNames = []string{"workers_estimate", "first_reported", "last_reported", "confidential", "confidential_notes", "observations"}

// dbfFullName restores a model property name cut to 10 characters
// ("first_repo" is first_reported), so that a shapefile made from our
// GeoJSON maps back; a cut name that could be two properties is left,
// except "confidenti", which is confidential when it holds a number or
// logical (GDAL writes booleans as N(1)) and confidential_notes when text.
func dbfFullName(name string, typ byte) string {
	if len(name) != 10 {
		return name
	}
	if name == "confidenti" {
		if typ == 'C' {
			return "confidential_notes"
		}
		return "confidential"
	}
	full := ""
	for _, m := range modelNames {
		if strings.HasPrefix(m, name) {
			if full != "" {
				return name
			}
			full = m
		}
	}
	if full == "" {
		return name
	}
	return full
}

// putBool writes a boolean, false too (fields.boolean leaves false out).
func putBool(f *fields, k string, v bool) {
	f.key(k)
	f.w.b = strconv.AppendBool(f.w.b, v)
}
