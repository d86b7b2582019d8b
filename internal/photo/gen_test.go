package photo

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/image/tiff"
)

// TestGenerateFixtures rebuilds testdata/ (run with PHOTO_GEN=1 and exiftool installed). The
// fixtures are committed; this documents exactly how each was made (see testdata/MANIFEST.md).
func TestGenerateFixtures(t *testing.T) {
	if os.Getenv("PHOTO_GEN") != "1" {
		t.Skip("set PHOTO_GEN=1 to rebuild testdata/ with exiftool")
	}
	et, err := exec.LookPath("exiftool")
	if err != nil {
		t.Fatal("exiftool is needed to build the fixtures")
	}
	dir := "testdata"
	src := quadrants(64, 32)
	var jb, pb, tb bytes.Buffer
	must(t, jpeg.Encode(&jb, src, &jpeg.Options{Quality: 95}))
	must(t, png.Encode(&pb, src))
	must(t, tiff.Encode(&tb, src, nil))

	secrets := []string{"-Make=Canon", "-Model=Canon EOS 5D Mark III", "-SerialNumber=012345678",
		"-XMP-dc:Creator=Source Name", "-XMP-dc:Description=met the source here",
		"-IPTC:By-line=Source Name", "-IPTC:City=Tumen", "-Comment=source: do not publish"}
	tumen := []string{"-GPSLatitude=42.9687", "-GPSLatitudeRef=N", "-GPSLongitude=129.8464",
		"-GPSLongitudeRef=E", "-GPSAltitude=45", "-GPSAltitudeRef=0",
		"-DateTimeOriginal=2017:05:14 10:30:00", "-OffsetTimeOriginal=+08:00",
		"-GPSDateStamp=2017:05:14", "-GPSTimeStamp=02:30:00"}
	type fx struct {
		name string
		base []byte
		args []string
	}
	fixtures := []fx{
		{"tumen_ne.jpg", jb.Bytes(), append(append([]string{}, tumen...), secrets...)},
		{"santiago_sw.jpg", jb.Bytes(), []string{"-GPSLatitude=33.4489", "-GPSLatitudeRef=S",
			"-GPSLongitude=70.6693", "-GPSLongitudeRef=W", "-DateTimeOriginal=2019:03:01 12:00:00", "-Make=Apple", "-Model=iPhone 8"}},
		{"deadsea_below.jpg", jb.Bytes(), []string{"-GPSLatitude=31.559", "-GPSLatitudeRef=N",
			"-GPSLongitude=35.4732", "-GPSLongitudeRef=E", "-GPSAltitude=430", "-GPSAltitudeRef=1"}},
		{"gps_no_position.jpg", jb.Bytes(), []string{"-GPSVersionID=2 3 0 0", "-GPSMapDatum=WGS-84", "-DateTimeOriginal=2018:01:02 03:04:05"}},
		{"gps_zero.jpg", jb.Bytes(), []string{"-GPSLatitude=0", "-GPSLongitude=0"}},
		{"createdate_offset.jpg", jb.Bytes(), []string{"-CreateDate=2016:04:07 21:15:00", "-OffsetTimeDigitized=+08:00"}},
		{"no_exif.jpg", jb.Bytes(), nil},
		{"orient6_gps.png", pb.Bytes(), append([]string{"-Orientation=6", "-GPSLatitude=42.9687", "-GPSLatitudeRef=N",
			"-GPSLongitude=129.8464", "-GPSLongitudeRef=E", "-DateTimeOriginal=2017:05:14 10:30:00",
			"-PNG:Comment=source: do not publish", "-PNG:ModifyDate=2017:05:14 10:31:00"}, secrets[:5]...)},
		{"tumen.tif", tb.Bytes(), []string{"-GPSLatitude=42.9687", "-GPSLatitudeRef=N", "-GPSLongitude=129.8464", "-GPSLongitudeRef=E", "-Make=Canon", "-Model=Canon EOS 5D Mark III"}},
	}
	for o := 1; o <= 8; o++ {
		fixtures = append(fixtures, fx{"orient" + string(rune('0'+o)) + ".jpg", jb.Bytes(),
			append([]string{"-Orientation=" + string(rune('0'+o))}, tumen[:4]...)})
	}
	if webps := os.Getenv("PHOTO_GEN_WEBP"); webps != "" { // the x/image testdata directory
		lossy, err := os.ReadFile(filepath.Join(webps, "blue-purple-pink.lossy.webp"))
		must(t, err)
		lossless, err := os.ReadFile(filepath.Join(webps, "gopher-doc.8bpp.lossless.webp"))
		must(t, err)
		fixtures = append(fixtures,
			fx{"lossy_orient6_gps.webp", lossy, append(append([]string{"-Orientation=6"}, tumen...), secrets[:5]...)},
			fx{"lossless_sw.webp", lossless, []string{"-GPSLatitude=33.4489", "-GPSLatitudeRef=S", "-GPSLongitude=70.6693", "-GPSLongitudeRef=W"}},
		)
	}
	for _, f := range fixtures {
		p := filepath.Join(dir, f.name)
		must(t, os.WriteFile(p, f.base, 0o644))
		if f.args == nil {
			continue
		}
		args := append([]string{"-q", "-n", "-overwrite_original"}, f.args...)
		if out, err := exec.Command(et, append(args, p)...).CombinedOutput(); err != nil {
			t.Fatalf("exiftool %s: %v\n%s", f.name, err, out)
		}
	}
	// HEIC: exiftool cannot make one, so wrap the EXIF of tumen_ne.jpg in a minimal ISOBMFF
	// file (one item in iloc) by hand; exiftool reading it back the same proves the layout.
	tj, err := os.ReadFile(filepath.Join(dir, "tumen_ne.jpg"))
	must(t, err)
	exif, _, _, err := jpegMeta(tj)
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, "synthetic_tumen.heic"), buildHEIC(exif, false), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "synthetic_idat.heic"), buildHEIC(exif, true), 0o644))
}

// quadrants is a w×h image whose four quadrants are red, green, blue and yellow (top-left,
// top-right, bottom-left, bottom-right): any flip or rotation moves a known colour.
func quadrants(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, quadColor(x >= w/2, y >= h/2))
		}
	}
	return m
}

func quadColor(right, bottom bool) color.RGBA {
	switch {
	case !right && !bottom:
		return color.RGBA{255, 0, 0, 255}
	case right && !bottom:
		return color.RGBA{0, 255, 0, 255}
	case !right:
		return color.RGBA{0, 0, 255, 255}
	}
	return color.RGBA{255, 255, 0, 255}
}

func box4(typ string, payload ...[]byte) []byte {
	n := 8
	for _, p := range payload {
		n += len(p)
	}
	out := binary.BigEndian.AppendUint32(nil, uint32(n))
	out = append(out, typ...)
	for _, p := range payload {
		out = append(out, p...)
	}
	return out
}

// buildHEIC makes ftyp + meta(hdlr, pitm, iinf, iloc[, idat]) + mdat with the EXIF item
// (a 4-byte TIFF header offset of 6, "Exif\0\0", the TIFF block), in mdat (iloc version 0,
// file offsets) or in idat (iloc version 1, construction method 1).
func buildHEIC(tiffBlock []byte, inIdat bool) []byte {
	item := append([]byte{0, 0, 0, 6}, exifPrefix...)
	item = append(item, tiffBlock...)
	ftyp := box4("ftyp", []byte("heic\x00\x00\x00\x00mif1heic"))
	hdlr := box4("hdlr", make([]byte, 8), []byte("pict"), make([]byte, 13))
	pitm := box4("pitm", []byte{0, 0, 0, 0, 0, 1})
	infe := func(id byte, typ string) []byte {
		return box4("infe", []byte{2, 0, 0, 0, 0, id, 0, 0}, []byte(typ), []byte{0})
	}
	iinf := box4("iinf", []byte{0, 0, 0, 0, 0, 2}, infe(1, "hvc1"), infe(2, "Exif"))
	iloc := func(off uint32) []byte {
		if inIdat {
			b := []byte{1, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 2, 0, 1, 0, 0, 0, 1}
			b = binary.BigEndian.AppendUint32(b, 0)
			return box4("iloc", binary.BigEndian.AppendUint32(b, uint32(len(item))))
		}
		b := []byte{0, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 2, 0, 0, 0, 1}
		b = binary.BigEndian.AppendUint32(b, off)
		return box4("iloc", binary.BigEndian.AppendUint32(b, uint32(len(item))))
	}
	var meta []byte
	if inIdat {
		meta = box4("meta", []byte{0, 0, 0, 0}, hdlr, pitm, iinf, iloc(0), box4("idat", item))
		return append(append(ftyp, meta...), box4("mdat")...)
	}
	meta = box4("meta", []byte{0, 0, 0, 0}, hdlr, pitm, iinf, iloc(0))
	off := uint32(len(ftyp) + len(meta) + 8)
	meta = box4("meta", []byte{0, 0, 0, 0}, hdlr, pitm, iinf, iloc(off))
	return append(append(ftyp, meta...), box4("mdat", item)...)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
