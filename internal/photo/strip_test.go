package photo

import (
	"bytes"
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// strippable is every JPEG, PNG and WebP fixture.
func strippable(t *testing.T) []string {
	var out []string
	for _, pat := range []string{"*.jpg", "*.png", "*.webp"} {
		m, _ := filepath.Glob(filepath.Join("testdata", pat))
		out = append(out, m...)
	}
	if len(out) < 10 {
		t.Fatalf("only %d fixtures", len(out))
	}
	return out
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	m, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return m
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}

// TestStripKeepsPixelsAndOrientation: pixels decode identically, orientation survives, no
// identifying string is left anywhere in the bytes, and stripping twice changes nothing.
func TestStripKeepsPixelsAndOrientation(t *testing.T) {
	secrets := []string{"Canon", "Source Name", "do not publish", "012345678", "met the source",
		"samsung", "SM-N920T", "FUJIFILM", "Phil Harvey", "2017:05:14", "Tumen", "http://ns.adobe.com"}
	for _, name := range strippable(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			orig, err := os.ReadFile(name)
			must(t, err)
			out, err := Strip(orig)
			if err != nil {
				t.Fatal(err)
			}
			if !samePixels(decode(t, orig), decode(t, out)) {
				t.Error("pixels changed")
			}
			before, _ := Read(orig, name)
			after, _ := Read(out, name)
			if after.Orientation != before.Orientation {
				t.Errorf("orientation %d, was %d", after.Orientation, before.Orientation)
			}
			if after.Position != nil || after.TakenAt != nil || after.Make != "" || after.Model != "" || after.Altitude != nil {
				t.Errorf("metadata left: %+v", after)
			}
			if len(after.Problems) > 0 {
				t.Errorf("stripped file has problems: %q", after.Problems)
			}
			for _, s := range secrets {
				if bytes.Contains(out, []byte(s)) {
					t.Errorf("%q is still in the stripped bytes", s)
				}
			}
			again, err := Strip(out)
			if err != nil || !bytes.Equal(again, out) {
				t.Errorf("stripping twice changed the file (err %v)", err)
			}
		})
	}
}

// TestStripExiftool checks what exiftool sees in every stripped file: no GPS, camera, time,
// XMP, IPTC, comments or PNG text, and an EXIF block holding at most the Orientation.
func TestStripExiftool(t *testing.T) {
	dir := t.TempDir()
	var outs []string
	orient := map[string]int{}
	for _, name := range strippable(t) {
		orig, err := os.ReadFile(name)
		must(t, err)
		out, err := Strip(orig)
		must(t, err)
		p := filepath.Join(dir, filepath.Base(name))
		must(t, os.WriteFile(p, out, 0o644))
		outs = append(outs, p)
		in, _ := Read(orig, name)
		orient[p] = in.Orientation
	}
	res := exiftoolJSON(t, outs...)
	if len(res) != len(outs) {
		t.Fatalf("exiftool read %d of %d files", len(res), len(outs))
	}
	for _, m := range res {
		name := m["SourceFile"].(string)
		for k, v := range m {
			group, tag, _ := strings.Cut(k, ":")
			bad := false
			switch group {
			case "EXIF":
				bad = tag != "Orientation"
			case "XMP", "IPTC", "Photoshop", "GPS", "MakerNotes", "ICC_Profile":
				bad = true
			case "PNG":
				bad = tag == "ModifyDate" || tag == "Comment" || tag == "Author" || tag == "TextualData"
			case "File":
				bad = tag == "Comment"
			case "Composite":
				bad = strings.HasPrefix(tag, "GPS") || tag == "SubSecDateTimeOriginal"
			case "ExifTool":
				bad = tag == "Warning" || tag == "Error"
			}
			if bad {
				t.Errorf("%s: %s = %v left after Strip", filepath.Base(name), k, v)
			}
		}
		o, has := m["EXIF:Orientation"].(float64)
		if want := orient[name]; (want != 1 && int(o) != want) || (want == 1 && has) {
			t.Errorf("%s: exiftool orientation %v (present %v), want %d", filepath.Base(name), o, has, want)
		}
	}
}

func TestStripMinimalOrientationBlock(t *testing.T) {
	out, err := Strip(readFixture(t, "orient6.jpg"))
	must(t, err)
	exif, _, _, err := jpegMeta(out)
	must(t, err)
	if !bytes.Equal(exif, orientationTIFF(6)) || len(exif) != 26 {
		t.Errorf("EXIF block % x, want only Orientation 6", exif)
	}
	// Without JFIF (Go's encoder writes none) the new APP1 comes right after SOI.
	if !bytes.HasPrefix(out, []byte("\xFF\xD8\xFF\xE1\x00\x22Exif\x00\x00")) {
		t.Errorf("segment order: % x", out[:24])
	}
}

func TestStripOtherKinds(t *testing.T) {
	for _, name := range []string{"tumen.tif", "synthetic_tumen.heic", "iphone11_trunc16k.heic"} {
		_, err := Strip(readFixture(t, name))
		if !errors.Is(err, ErrCannotStrip) {
			t.Errorf("%s: %v, want ErrCannotStrip", name, err)
		}
	}
	for _, b := range [][]byte{nil, []byte("%PDF-1.4"), []byte("plain words")} {
		if _, err := Strip(b); !errors.Is(err, ErrCannotStrip) {
			t.Errorf("%q: %v, want ErrCannotStrip", b, err)
		}
	}
}

func TestStripBroken(t *testing.T) {
	j := readFixture(t, "tumen_ne.jpg")
	p := readFixture(t, "orient6_gps.png")
	w := readFixture(t, "lossy_orient6_gps.webp")
	for name, b := range map[string][]byte{
		"jpeg cut in a segment": j[:40], "jpeg without EOI": j[:len(j)-2],
		"png cut": p[:len(p)-20], "webp cut": w[:len(w)-7],
	} {
		if _, err := Strip(b); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
