package leakaudit

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"testing"
)

const marker = `Kim "Chol-su" </met> & 김철수 at 图们 café`

func secrets(t testing.TB, texts ...string) *Secrets {
	t.Helper()
	var w []Secret
	for i, s := range texts {
		w = append(w, Secret{Field: fmt.Sprintf("field %d", i+1), Text: s})
	}
	s, skipped := NewSecrets(w, nil)
	if len(skipped) > 0 {
		t.Fatalf("skipped %v", skipped)
	}
	return s
}

func scan(t *testing.T, s *Secrets, b []byte, kind Kind) []Finding {
	t.Helper()
	f, err := s.Scan(bytes.NewReader(b), int64(len(b)), kind)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// asciiJSON escapes every non-ASCII rune as \uXXXX (with surrogate pairs),
// and / as \/, as some writers do.
func asciiJSON(s string) string {
	b, _ := json.Marshal(s)
	var out strings.Builder
	for _, r := range string(b) {
		switch {
		case r == '/':
			out.WriteString(`\/`)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&out, `\u%04X\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		case r >= 0x80:
			fmt.Fprintf(&out, `\u%04x`, r)
		default:
			out.WriteRune(r)
		}
	}
	return out.String()
}

func numericXML(s string, hex bool) string {
	var out strings.Builder
	for _, r := range s {
		if hex {
			fmt.Fprintf(&out, "&#x%X;", r)
		} else {
			fmt.Fprintf(&out, "&#%d;", r)
		}
	}
	return out.String()
}

func TestEveryEncoding(t *testing.T) {
	text := marker + " 😀"
	s := secrets(t, text)
	jsonStd, _ := json.Marshal(text)
	var xmlText bytes.Buffer
	xml.EscapeText(&xmlText, []byte(text))
	var csvText bytes.Buffer
	cw := csv.NewWriter(&csvText)
	cw.Write([]string{"id", text})
	cw.Flush()
	for _, c := range []struct {
		name, body, enc string
	}{
		{"raw", text, "UTF-8"},
		{"upper case", strings.ToUpper(text), "UTF-8"},
		{"JSON", string(jsonStd), "JSON-escaped"},
		{"JSON ASCII", asciiJSON(text), "JSON-escaped"},
		{"XML", xmlText.String(), "XML entities"},
		{"XML decimal", numericXML(text, false), "XML entities"},
		{"XML hex", numericXML(text, true), "XML entities"},
		{"CSV", csvText.String(), "CSV-quoted"},
	} {
		prefix := `{"type":"Feature","properties":{"notes":`
		b := []byte(prefix + c.body + "}}")
		got := scan(t, s, b, Text)
		if len(got) == 0 {
			t.Errorf("%s: marker not found in %s", c.name, b)
			continue
		}
		want := int64(len(prefix))
		if c.name == "JSON" || c.name == "JSON ASCII" {
			want++ // after the opening quote
		}
		if c.name == "CSV" {
			want += int64(len(`id,"`))
		}
		if got[0].Offset != want || got[0].Field != "field 1" || got[0].Encoding != c.enc {
			t.Errorf("%s: %+v, want offset %d in %s", c.name, got[0], want, c.enc)
		}
		if strings.Contains(got[0].String(), "Kim") {
			t.Errorf("%s: the finding names the secret: %s", c.name, got[0])
		}
	}
}

func TestShortAndPublishedSkipped(t *testing.T) {
	s, skipped := NewSecrets([]Secret{
		{Field: "name", Text: "Kim"}, {Field: "tag", Text: "北京"}, {Field: "notes", Text: "   "}, {Field: "title", Text: "Daily NK report"}, {Field: "excerpt", Text: "Met at the Tumen bus station"},
	}, []string{"DAILY NK REPORT"})
	if s.Len() != 1 || len(skipped) != 3 {
		t.Fatalf("%d secrets, skipped %v", s.Len(), skipped)
	}
	if skipped[0].Field != "name" || !strings.Contains(skipped[0].Reason, "shorter than 4") || !strings.Contains(skipped[2].Reason, "keeps") {
		t.Errorf("skipped %v", skipped)
	}
	b := []byte("Kim met 北京 people; Daily NK report said so; Met at the Tumen bus")
	if got := scan(t, s, b, Text); len(got) != 0 {
		t.Errorf("false positives: %v", got)
	}
}

func TestManyOccurrencesAndOverlap(t *testing.T) {
	s := secrets(t, "abcdef", "cdefgh", "defg")
	got := scan(t, s, []byte("xxabcdefghxx abcdef"), Text)
	var desc []string
	for _, f := range got {
		desc = append(desc, fmt.Sprintf("%s@%d", f.Field, f.Offset))
	}
	if want := "field 1@2,field 2@4,field 3@5,field 1@13"; strings.Join(desc, ",") != want {
		t.Errorf("findings %v, want %s", desc, want)
	}
}

func TestChunkBoundaries(t *testing.T) {
	s := secrets(t, marker)
	esc := asciiJSON(marker)
	esc = esc[1 : len(esc)-1] // without the quotes
	for _, at := range []int{1<<20 - 3, 1<<20 - 7, 1<<20 - 12, 1<<20 + 1} {
		for _, body := range []string{marker, esc} {
			b := append(bytes.Repeat([]byte{'x'}, at), body...)
			b = append(b, " tail"...)
			got := scan(t, s, b, Text)
			if len(got) == 0 || got[0].Offset != int64(at) {
				t.Errorf("marker at %d (%d bytes) found %v", at, len(body), got)
			}
		}
	}
	// A multi-byte rune cut by the chunk's end, in upper case.
	up := strings.ToUpper("Ωmega 김철수 Ωmega")
	s = secrets(t, up)
	for off := 1; off < 6; off++ {
		at := 1<<20 - off
		b := append(bytes.Repeat([]byte{'y'}, at), up...)
		if got := scan(t, s, b, Text); len(got) != 1 || got[0].Offset != int64(at) {
			t.Errorf("cut rune at %d: %v", at, got)
		}
	}
}

func zipOf(t testing.TB, members map[string][]byte, method uint16) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(members) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(members[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sortedKeys(m map[string][]byte) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	for i := range k {
		for j := i + 1; j < len(k); j++ {
			if k[j] < k[i] {
				k[i], k[j] = k[j], k[i]
			}
		}
	}
	return k
}

func TestZipMembers(t *testing.T) {
	s := secrets(t, marker)
	var kml bytes.Buffer
	kml.WriteString("<kml><Placemark><description>")
	xml.EscapeText(&kml, []byte(marker))
	kml.WriteString("</description></Placemark></kml>")
	clean := []byte("<kml>nothing here</kml>")
	kmz := zipOf(t, map[string][]byte{"a.kml": clean, "doc.kml": kml.Bytes()}, zip.Deflate)
	got := scan(t, s, kmz, Zip)
	if len(got) != 1 || got[0].Member != "member 2" || got[0].Offset != int64(len("<kml><Placemark><description>")) {
		t.Errorf("KMZ: %v", got)
	}
	// Named as text, it is still read as an archive.
	if got := scan(t, s, kmz, Text); len(got) != 1 {
		t.Errorf("KMZ sniffed: %v", got)
	}
	// Nested, and a member whose name is the secret: the finding names
	// its place, not its name.
	inner := zipOf(t, map[string][]byte{"x.txt": []byte(strings.ToUpper(marker))}, zip.Deflate)
	outer := zipOf(t, map[string][]byte{"bundle.zip": inner, "photos/" + marker + ".jpg": clean}, zip.Deflate)
	got = scan(t, s, outer, Zip)
	var members []string
	for _, f := range got {
		members = append(members, f.Member)
		if strings.Contains(f.String(), "김철수") {
			t.Errorf("finding names the secret: %s", f)
		}
	}
	if strings.Join(members, "|") != "|member 1, member 1" && strings.Join(members, "|") != "|||member 1, member 1" {
		// The name is found raw, in the local header and the directory.
		if len(got) < 2 || got[len(got)-1].Member != "member 1, member 1" {
			t.Errorf("nested: %v", got)
		}
	}
	// Stored (not deflated) members are found too.
	if got := scan(t, s, zipOf(t, map[string][]byte{"a.txt": []byte(marker)}, zip.Store), Zip); len(got) == 0 {
		t.Error("stored member not found")
	}
}

func TestZipBomb(t *testing.T) {
	s := secrets(t, marker)
	bomb := zipOf(t, map[string][]byte{"zeros": make([]byte, 8<<20)}, zip.Deflate)
	lim := DefaultLimits
	lim.MaxRatio = 100
	_, err := s.ScanLimits(bytes.NewReader(bomb), int64(len(bomb)), Zip, lim)
	if !errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), "member 1") {
		t.Errorf("bomb: %v", err)
	}
	lim = DefaultLimits
	lim.MaxMemberBytes = 1 << 20
	if _, err := s.ScanLimits(bytes.NewReader(bomb), int64(len(bomb)), Zip, lim); !errors.Is(err, ErrUnreadable) {
		t.Errorf("member limit: %v", err)
	}
	// A header that lies about the size: the limit is on what comes out.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var raw bytes.Buffer
	{
		tmp := zipOf(t, map[string][]byte{"z": make([]byte, 4<<20)}, zip.Deflate)
		zr, _ := zip.NewReader(bytes.NewReader(tmp), int64(len(tmp)))
		rr, _ := zr.File[0].OpenRaw()
		raw.ReadFrom(rr)
		w, _ := zw.CreateRaw(&zip.FileHeader{Name: "z", Method: zip.Deflate, CompressedSize64: uint64(raw.Len()), UncompressedSize64: 10, CRC32: zr.File[0].CRC32})
		w.Write(raw.Bytes())
		zw.Close()
	}
	if _, err := s.Scan(bytes.NewReader(buf.Bytes()), int64(buf.Len()), Zip); !errors.Is(err, ErrUnreadable) {
		t.Errorf("lying header: %v", err)
	}
	// Corrupt archive: fail closed.
	bad := append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xff}, 100)...)
	if _, err := s.Scan(bytes.NewReader(bad), int64(len(bad)), Zip); !errors.Is(err, ErrUnreadable) {
		t.Errorf("corrupt: %v", err)
	}
}

func FuzzScanZip(f *testing.F) {
	s := secrets(f, marker)
	f.Add(zipOf(f, map[string][]byte{"a": []byte(marker)}, zip.Deflate))
	f.Add(zipOf(f, map[string][]byte{"in.zip": zipOf(f, map[string][]byte{"b": []byte("x")}, zip.Store)}, zip.Deflate))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	lim := DefaultLimits
	lim.MaxMemberBytes, lim.MaxTotalBytes = 1<<20, 4<<20
	f.Fuzz(func(t *testing.T, b []byte) {
		found, err := s.ScanLimits(bytes.NewReader(b), int64(len(b)), Zip, lim)
		if err == nil && bytes.Contains(b, []byte(marker)) && len(found) == 0 {
			t.Fatal("a raw marker was not found")
		}
	})
}

// FuzzScanText plants the marker, in one of the encodings, into arbitrary
// bytes: it must be found where it was planted.
func FuzzScanText(f *testing.F) {
	s := secrets(f, marker)
	f.Add([]byte("hello"), 0, uint8(0))
	f.Add([]byte(`{"a":"\u00e9\\"}`), 3, uint8(1))
	f.Add([]byte("&amp;&#x;&#99999999;"), 5, uint8(2))
	f.Fuzz(func(t *testing.T, b []byte, at int, enc uint8) {
		if at < 0 || at > len(b) {
			return
		}
		var body string
		switch enc % 3 {
		case 0:
			body = marker
		case 1:
			body = asciiJSON(marker)
			body = body[1 : len(body)-1]
		default:
			body = numericXML(marker, true)
		}
		// Whatever comes before or after, the escapes are self-contained,
		// so the plant is found exactly where it is.
		data := append(append(append([]byte{}, b[:at]...), body...), b[at:]...)
		got, err := s.Scan(bytes.NewReader(data), int64(len(data)), Text)
		if err != nil {
			return // sniffed as an archive or database
		}
		for _, g := range got {
			if g.Offset == int64(at) {
				return
			}
		}
		t.Fatalf("marker planted at %d not found: %v", at, got)
	})
}

func TestWordBoundaries(t *testing.T) {
	s, _ := NewSecrets([]Secret{
		{Field: "name", Text: "Tumen Wig Factory No. 1", Word: true},
		{Field: "alias", Text: "图们海产品加工厂1", Word: true},
		{Field: "word", Text: "Myong-chol"},
	}, nil)
	for _, c := range []struct {
		text string
		want int
	}{
		{"Tumen Wig Factory No. 12 and Tumen Wig Factory No. 10", 0},
		{`"Tumen Wig Factory No. 1"`, 1},
		{"xTumen Wig Factory No. 1", 0},
		{"Tumen Wig Factory No. 1", 1}, // at the very end
		{`"Tumen Wig Factory No. \u0031"`, 1},
		{"Tumen Wig Factory No. \\u00312", 0},
		{"图们海产品加工厂1号", 1},
		{"图们海产品加工厂12号", 0},
		{"RiMyong-cholx", 1}, // a substring secret
	} {
		if got := scan(t, s, []byte(c.text), Text); len(got) != c.want {
			t.Errorf("%q: %v, want %d", c.text, got, c.want)
		}
	}
}
