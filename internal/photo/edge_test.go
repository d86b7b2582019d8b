package photo

import (
	"bytes"
	"encoding/binary"
	"testing"
)

type tEntry struct {
	tag, typ uint16
	count    uint32
	data     []byte
}

// buildTIFF writes a big-endian TIFF block: IFD0 (with the given entries plus a GPS pointer
// when gps is not nil) and the GPS IFD, with out-of-line values after both.
func buildTIFF(ifd0, gps []tEntry) []byte {
	bo := binary.BigEndian
	if gps != nil {
		ifd0 = append(ifd0, tEntry{tagGPSIFD, typeLong, 1, nil}) // offset patched below
	}
	ifdSize := func(n int) int { return 2 + 12*n + 4 }
	gpsOff := 8 + ifdSize(len(ifd0))
	dataOff := gpsOff
	if gps != nil {
		dataOff += ifdSize(len(gps))
	}
	out := []byte("MM\x00\x2a\x00\x00\x00\x08")
	var extra []byte
	write := func(es []tEntry) {
		out = bo.AppendUint16(out, uint16(len(es)))
		for _, e := range es {
			out = bo.AppendUint16(out, e.tag)
			out = bo.AppendUint16(out, e.typ)
			out = bo.AppendUint32(out, e.count)
			switch {
			case e.tag == tagGPSIFD && e.data == nil:
				out = bo.AppendUint32(out, uint32(gpsOff))
			case len(e.data) <= 4:
				out = append(out, append(append([]byte{}, e.data...), make([]byte, 4-len(e.data))...)...)
			default:
				out = bo.AppendUint32(out, uint32(dataOff+len(extra)))
				extra = append(extra, e.data...)
			}
		}
		out = bo.AppendUint32(out, 0)
	}
	write(ifd0)
	if gps != nil {
		write(gps)
	}
	return append(out, extra...)
}

func rat(vs ...uint32) []byte {
	var b []byte
	for _, v := range vs {
		b = binary.BigEndian.AppendUint32(b, v)
	}
	return b
}

func ascii(s string) []byte { return append([]byte(s), 0) }

// jpegWithEXIF puts a TIFF block in an APP1 of the no_exif fixture.
func jpegWithEXIF(t *testing.T, tiffBlock []byte) []byte {
	base := readFixture(t, "no_exif.jpg")
	seg := append(append([]byte{}, exifPrefix...), tiffBlock...)
	out := append([]byte{}, base[:2]...)
	out = append(out, 0xFF, mAPP1, byte((len(seg)+2)>>8), byte(len(seg)+2))
	out = append(out, seg...)
	return append(out, base[2:]...)
}

func TestReadGPSEdgeCases(t *testing.T) {
	lat := tEntry{tagGPSLatitude, typeRational, 3, rat(42, 1, 58, 1, 732, 100)}
	lon := tEntry{tagGPSLongitude, typeRational, 3, rat(129, 1, 50, 1, 4704, 100)}
	N := tEntry{tagGPSLatitudeRef, typeASCII, 2, ascii("N")}
	E := tEntry{tagGPSLongitudeRef, typeASCII, 2, ascii("E")}
	S := tEntry{tagGPSLatitudeRef, typeASCII, 2, ascii("S")}
	W := tEntry{tagGPSLongitudeRef, typeASCII, 2, ascii("W")}
	zero := func(tag uint16) tEntry { return tEntry{tag, typeRational, 3, rat(0, 1, 0, 1, 0, 1)} }
	for _, c := range []struct {
		name     string
		gps      []tEntry
		pos      bool
		lat, lon float64
		problems bool
	}{
		{"N E", []tEntry{N, lat, E, lon}, true, 42.9687, 129.8464, false},
		{"S W", []tEntry{S, lat, W, lon}, true, -42.9687, -129.8464, false},
		{"lower-case refs", []tEntry{{1, 2, 2, ascii("s")}, lat, {3, 2, 2, ascii("w")}, lon}, true, -42.9687, -129.8464, false},
		{"no refs", []tEntry{lat, lon}, true, 42.9687, 129.8464, true},
		{"empty GPS IFD", []tEntry{}, false, 0, 0, false},
		{"refs only", []tEntry{N, E}, false, 0, 0, false},
		{"empty refs and zero rationals", []tEntry{{1, 2, 1, []byte{0}}, zero(2), {3, 2, 1, []byte{0}}, zero(4)}, false, 0, 0, true},
		{"zeros with refs", []tEntry{N, zero(2), E, zero(4)}, false, 0, 0, true},
		{"zero denominator", []tEntry{N, {2, typeRational, 3, rat(42, 0, 0, 1, 0, 1)}, E, lon}, false, 0, 0, true},
		{"count 0", []tEntry{N, {2, typeRational, 0, nil}, E, {4, typeRational, 0, nil}}, false, 0, 0, true},
		{"only latitude", []tEntry{N, lat}, false, 0, 0, true},
		{"ASCII latitude", []tEntry{N, {2, typeASCII, 8, ascii("42.9687")}, E, lon}, false, 0, 0, true},
		{"latitude 91", []tEntry{N, {2, typeRational, 3, rat(91, 1, 0, 1, 0, 1)}, E, lon}, false, 0, 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			in, _ := Read(jpegWithEXIF(t, buildTIFF(nil, c.gps)), c.name)
			if !in.HasEXIF {
				t.Fatalf("EXIF not read: %q", in.Problems)
			}
			if (in.Position != nil) != c.pos {
				t.Fatalf("position %v, want present=%v (problems %q)", in.Position, c.pos, in.Problems)
			}
			if c.pos && (abs(in.Position.Lat()-c.lat) > 1e-6 || abs(in.Position.Lon()-c.lon) > 1e-6) {
				t.Errorf("position %v, want %g %g", *in.Position, c.lat, c.lon)
			}
			if (len(in.Problems) > 0) != c.problems {
				t.Errorf("problems %q, want some=%v", in.Problems, c.problems)
			}
		})
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestReadHostileEXIF(t *testing.T) {
	good := buildTIFF([]tEntry{{tagMake, typeASCII, 6, ascii("Canon")}}, []tEntry{})
	for name, b := range map[string][]byte{
		"IFD0 past the end":    []byte("MM\x00\x2a\xff\xff\xff\xf0"),
		"entries past the end": append([]byte("MM\x00\x2a\x00\x00\x00\x08"), 0xff, 0xff),
		"value past the end":   buildTIFF([]tEntry{{tagMake, typeASCII, 0xffffffff, []byte{1, 2, 3, 4, 5}}}, nil)[:30],
		"bad byte order":       []byte("XX\x00\x2a\x00\x00\x00\x08"),
		"bad magic":            []byte("MM\x00\x2b\x00\x00\x00\x08"),
		"cut":                  good[:len(good)-3],
		"GPS IFD is IFD0":      buildTIFF([]tEntry{{tagGPSIFD, typeLong, 1, rat(8)}}, nil),
		"unknown type":         buildTIFF([]tEntry{{tagMake, 99, 1, []byte{1}}}, nil),
		"orientation 0":        buildTIFF([]tEntry{{tagOrientation, typeShort, 1, []byte{0, 0}}}, nil),
		"orientation 9":        buildTIFF([]tEntry{{tagOrientation, typeShort, 1, []byte{0, 9}}}, nil),
	} {
		in, err := Read(jpegWithEXIF(t, b), name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if in.Position != nil || in.Orientation != 1 {
			t.Errorf("%s: %+v", name, in)
		}
		if name != "GPS IFD is IFD0" && len(in.Problems) == 0 {
			t.Errorf("%s: no problem reported", name)
		}
	}
}

func TestReadTimes(t *testing.T) {
	for _, c := range []struct {
		name   string
		exif   []tEntry
		want   string
		offset bool
	}{
		{"original + offset", []tEntry{{tagDateTimeOriginal, 2, 20, ascii("2017:05:14 10:30:00")}, {tagOffsetTimeOrig, 2, 7, ascii("+08:00")}}, "2017-05-14T10:30:00+08:00", true},
		{"original, offset of another tag", []tEntry{{tagDateTimeOriginal, 2, 20, ascii("2017:05:14 10:30:00")}, {tagOffsetTimeDigit, 2, 7, ascii("+08:00")}}, "2017-05-14T10:30:00Z", false},
		{"blank original falls back", []tEntry{{tagDateTimeOriginal, 2, 20, ascii("    :  :     :  :  ")}, {tagCreateDate, 2, 20, ascii("2016:04:07 21:15:00")}}, "2016-04-07T21:15:00Z", false},
		{"zero original", []tEntry{{tagDateTimeOriginal, 2, 20, ascii("0000:00:00 00:00:00")}}, "", false},
		{"bad offset", []tEntry{{tagDateTimeOriginal, 2, 20, ascii("2017:05:14 10:30:00")}, {tagOffsetTimeOrig, 2, 7, ascii("+99:00")}}, "2017-05-14T10:30:00Z", false},
		{"negative offset", []tEntry{{tagDateTimeOriginal, 2, 20, ascii("2017:05:14 10:30:00")}, {tagOffsetTimeOrig, 2, 7, ascii("-05:30")}}, "2017-05-14T10:30:00-05:30", true},
	} {
		// The Exif IFD is built as a "GPS" block and pointed to by tagExifIFD instead.
		b := buildTIFF(nil, c.exif)
		binary.BigEndian.PutUint16(b[10:], tagExifIFD)
		in, _ := Read(jpegWithEXIF(t, b), c.name)
		got := ""
		if in.TakenAt != nil {
			got = in.TakenAt.Format("2006-01-02T15:04:05Z07:00")
		}
		if got != c.want || in.TakenAtHasOffset != c.offset {
			t.Errorf("%s: %q offset %v, want %q %v (problems %q)", c.name, got, in.TakenAtHasOffset, c.want, c.offset, in.Problems)
		}
	}
	dt := buildTIFF([]tEntry{{tagDateTime, 2, 20, ascii("2015:01:02 03:04:05")}}, nil)
	if in, _ := Read(jpegWithEXIF(t, dt), "dt"); in.TakenAtTag != "ModifyDate" || in.TakenAt == nil {
		t.Errorf("DateTime fallback: %+v", in)
	}
}

// TestStripJFIFThumbnailAndTrailer: a JFIF thumbnail, JFXX, MPF, COM, XMP and data after EOI
// all go; JFIF density stays.
func TestStripJFIFThumbnailAndTrailer(t *testing.T) {
	base := jpegWithEXIF(t, buildTIFF([]tEntry{{tagOrientation, typeShort, 1, []byte{0, 8}}, {tagMake, 2, 6, ascii("Canon")}}, nil))
	jfif := append([]byte("JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x01\x01"), 0xAA, 0xBB, 0xCC) // 1×1 thumbnail
	seg := func(m byte, p []byte) []byte {
		return append([]byte{0xFF, m, byte((len(p) + 2) >> 8), byte(len(p) + 2)}, p...)
	}
	var b []byte
	b = append(b, 0xFF, 0xD8)
	b = append(b, seg(mAPP0, jfif)...)
	b = append(b, seg(mAPP0, []byte("JFXX\x00\x10thumb"))...)
	b = append(b, seg(mAPP2, []byte("MPF\x00secret"))...)
	b = append(b, seg(mCOM, []byte("secret comment"))...)
	b = append(b, seg(mAPP1, []byte("http://ns.adobe.com/xap/1.0/\x00secret"))...)
	b = append(b, base[2:]...)
	b = append(b, []byte("secret trailer video")...)
	out, err := Strip(b)
	must(t, err)
	if bytes.Contains(out, []byte("secret")) || bytes.Contains(out, []byte("Canon")) || bytes.Contains(out, []byte{0xAA, 0xBB, 0xCC}) {
		t.Errorf("left over: %q", out)
	}
	want := append([]byte{0xFF, 0xD8}, seg(mAPP0, []byte("JFIF\x00\x01\x02\x01\x00\x48\x00\x48\x00\x00"))...)
	want = append(want, seg(mAPP1, append(append([]byte{}, exifPrefix...), orientationTIFF(8)...))...)
	if !bytes.HasPrefix(out, want) {
		t.Errorf("start % x\nwant  % x", out[:len(want)], want)
	}
	if !bytes.HasSuffix(out, []byte{0xFF, 0xD9}) {
		t.Error("no EOI at the end")
	}
	if in, _ := Read(out, "x"); in.Orientation != 8 {
		t.Errorf("orientation %d", in.Orientation)
	}
	if !samePixels(decode(t, b), decode(t, out)) {
		t.Error("pixels changed")
	}
}
