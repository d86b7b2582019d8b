package photo

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadFixtures(t *testing.T) {
	type want struct {
		kind      Kind
		lat, lon  float64 // both 0: no position expected
		alt       *float64
		taken     string // RFC 3339; "" for none
		hasOffset bool
		tag       string
		make_     string
		model     string
		orient    int
		w, h      int
	}
	f := func(v float64) *float64 { return &v }
	cases := map[string]want{
		"tumen_ne.jpg": {kind: KindJPEG, lat: 42.9687, lon: 129.8464, alt: f(45), taken: "2017-05-14T10:30:00+08:00",
			hasOffset: true, tag: "DateTimeOriginal", make_: "Canon", model: "Canon EOS 5D Mark III", orient: 1, w: 64, h: 32},
		"santiago_sw.jpg":       {kind: KindJPEG, lat: -33.4489, lon: -70.6693, taken: "2019-03-01T12:00:00Z", tag: "DateTimeOriginal", make_: "Apple", model: "iPhone 8", orient: 1, w: 64, h: 32},
		"deadsea_below.jpg":     {kind: KindJPEG, lat: 31.559, lon: 35.4732, alt: f(-430), orient: 1, w: 64, h: 32},
		"gps_no_position.jpg":   {kind: KindJPEG, taken: "2018-01-02T03:04:05Z", tag: "DateTimeOriginal", orient: 1, w: 64, h: 32},
		"gps_zero.jpg":          {kind: KindJPEG, orient: 1, w: 64, h: 32},
		"createdate_offset.jpg": {kind: KindJPEG, taken: "2016-04-07T21:15:00+08:00", hasOffset: true, tag: "CreateDate", orient: 1, w: 64, h: 32},
		"no_exif.jpg":           {kind: KindJPEG, orient: 1, w: 64, h: 32},
		"orient6_gps.png":       {kind: KindPNG, lat: 42.9687, lon: 129.8464, taken: "2017-05-14T10:30:00Z", tag: "DateTimeOriginal", make_: "Canon", model: "Canon EOS 5D Mark III", orient: 6, w: 64, h: 32},
		"tumen.tif":             {kind: KindTIFF, lat: 42.9687, lon: 129.8464, make_: "Canon", model: "Canon EOS 5D Mark III", orient: 1, w: 64, h: 32},
		"lossy_orient6_gps.webp": {kind: KindWebP, lat: 42.9687, lon: 129.8464, alt: f(45), taken: "2017-05-14T10:30:00+08:00",
			hasOffset: true, tag: "DateTimeOriginal", make_: "Canon", model: "Canon EOS 5D Mark III", orient: 6, w: 150, h: 100},
		"lossless_sw.webp":     {kind: KindWebP, lat: -33.4489, lon: -70.6693, orient: 1, w: 75, h: 100},
		"synthetic_tumen.heic": {kind: KindHEIC, lat: 42.9687, lon: 129.8464, alt: f(45), taken: "2017-05-14T10:30:00+08:00", hasOffset: true, tag: "DateTimeOriginal", make_: "Canon", model: "Canon EOS 5D Mark III", orient: 1},
		"synthetic_idat.heic":  {kind: KindHEIC, lat: 42.9687, lon: 129.8464, alt: f(45), taken: "2017-05-14T10:30:00+08:00", hasOffset: true, tag: "DateTimeOriginal", make_: "Canon", model: "Canon EOS 5D Mark III", orient: 1},
		// Real files written by cameras and other tools (testdata/MANIFEST.md): values from exiftool -n.
		"goexif_samsung_n920t.jpg": {kind: KindJPEG, lat: 26.5866666666667, lon: -80.0536111111111, alt: f(0), taken: "2018-04-28T21:23:12Z",
			tag: "DateTimeOriginal", make_: "samsung", model: "SM-N920T", orient: 1, w: 920, h: 570},
		"goexif_gps_2000_scaled.jpg": {kind: KindJPEG, lat: -38.4051947833333, lon: 144.188958, orient: 1, w: 494, h: 327},
		"exiftool_GPS.jpg": {kind: KindJPEG, lat: 54.9896666666667, lon: -1.91416666666667, taken: "2002-07-13T15:58:28Z",
			tag: "DateTimeOriginal", make_: "FUJIFILM", model: "FinePixS1Pro", orient: 1, w: 120, h: 80},
		"iphone11_trunc16k.heic": {kind: KindHEIC, lat: 39.0513444444444, lon: -94.2887722222222, alt: f(260.5606383), taken: "2021-04-11T15:47:53-05:00",
			hasOffset: true, tag: "DateTimeOriginal", make_: "Apple", model: "iPhone 11 Pro Max", orient: 1, w: 2566, h: 3313},
		"exiftool_QuickTime.heic": {kind: KindHEIC, orient: 1, w: 1596, h: 1064},
		"exiftool_RIFF.webp":      {kind: KindWebP, orient: 1, w: 1, h: 1},
	}
	for name, w := range cases {
		t.Run(name, func(t *testing.T) {
			in, err := Read(readFixture(t, name), name)
			if err != nil {
				t.Fatal(err)
			}
			if in.Kind != w.kind || in.MediaType != w.kind.MediaType() {
				t.Errorf("kind %v %q, want %v", in.Kind, in.MediaType, w.kind)
			}
			if w.lat == 0 && w.lon == 0 {
				if in.Position != nil {
					t.Errorf("position %v, want none", *in.Position)
				}
			} else if in.Position == nil {
				t.Errorf("no position, want %g,%g (problems %q)", w.lat, w.lon, in.Problems)
			} else if math.Abs(in.Position.Lat()-w.lat) > 1e-6 || math.Abs(in.Position.Lon()-w.lon) > 1e-6 {
				t.Errorf("position lat %.7f lon %.7f, want %.7f %.7f", in.Position.Lat(), in.Position.Lon(), w.lat, w.lon)
			}
			switch {
			case w.alt == nil && in.Altitude != nil:
				t.Errorf("altitude %g, want none", *in.Altitude)
			case w.alt != nil && (in.Altitude == nil || math.Abs(*in.Altitude-*w.alt) > 1e-6):
				t.Errorf("altitude %v, want %g", in.Altitude, *w.alt)
			}
			got := ""
			if in.TakenAt != nil {
				got = in.TakenAt.Format(time.RFC3339)
			}
			if got != w.taken || in.TakenAtHasOffset != w.hasOffset || in.TakenAtTag != w.tag {
				t.Errorf("taken %q offset %v tag %q, want %q %v %q", got, in.TakenAtHasOffset, in.TakenAtTag, w.taken, w.hasOffset, w.tag)
			}
			if in.Make != w.make_ || in.Model != w.model || in.Orientation != w.orient {
				t.Errorf("make %q model %q orientation %d, want %q %q %d", in.Make, in.Model, in.Orientation, w.make_, w.model, w.orient)
			}
			if in.Width != w.w || in.Height != w.h {
				t.Errorf("size %dx%d, want %dx%d", in.Width, in.Height, w.w, w.h)
			}
			if len(in.SHA256) != 64 || in.Size == 0 {
				t.Errorf("hash %q size %d", in.SHA256, in.Size)
			}
		})
	}
}

func TestReadOrientations(t *testing.T) {
	for o := 1; o <= 8; o++ {
		name := "orient" + string(rune('0'+o)) + ".jpg"
		in, _ := Read(readFixture(t, name), name)
		if in.Orientation != o {
			t.Errorf("%s: orientation %d, want %d", name, in.Orientation, o)
		}
		uw, uh := in.Upright()
		if (o >= 5) != (uw == 32 && uh == 64) {
			t.Errorf("%s: upright size %dx%d", name, uw, uh)
		}
	}
}

func TestReadGPSTimeAndHash(t *testing.T) {
	in, _ := Read(readFixture(t, "tumen_ne.jpg"), "tumen_ne.jpg")
	if in.GPSTime == nil || !in.GPSTime.Equal(time.Date(2017, 5, 14, 2, 30, 0, 0, time.UTC)) {
		t.Errorf("GPS time %v", in.GPSTime)
	}
	if !in.TakenAt.Equal(*in.GPSTime) {
		t.Errorf("taken %v and GPS %v should be the same instant (10:30+08:00 = 02:30Z)", in.TakenAt, in.GPSTime)
	}
	empty, _ := Read(nil, "x")
	if empty.SHA256 != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Errorf("empty hash %s", empty.SHA256)
	}
}

func TestCamera(t *testing.T) {
	for _, c := range [][3]string{
		{"Canon", "Canon EOS 5D Mark III", "Canon EOS 5D Mark III"},
		{"NIKON", "COOLPIX P6000", "NIKON COOLPIX P6000"},
		{"", "X", "X"}, {"Apple", "", "Apple"}, {"", "", ""},
	} {
		if got := (Info{Make: c[0], Model: c[1]}).Camera(); got != c[2] {
			t.Errorf("Camera(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		head, name string
		want       Kind
	}{
		{"\xFF\xD8\xFF\xE0", "a.png", KindJPEG}, // magic wins over the extension
		{"\x89PNG\r\n\x1a\n", "", KindPNG},
		{"RIFF\x00\x00\x00\x00WEBPVP8 ", "", KindWebP},
		{"II*\x00", "", KindTIFF}, {"MM\x00*", "", KindTIFF},
		{"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "", KindHEIC},
		{"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", "", KindHEIC},
		{"\x00\x00\x00\x14ftypmif1\x00\x00\x00\x00mif1", "", KindHEIF},
		{"\x00\x00\x00\x14ftypavif\x00\x00\x00\x00mif1", "", KindAVIF},
		{"GIF89a", "", KindGIF}, {"%PDF-1.7", "x.bin", KindPDF},
		{"Daily NK, 2017-05-14: 图们", "", KindText},
		{"\x00\x01binary", "notes.txt", KindText}, // no magic: the extension decides
		{"\x00\x01binary", "", KindOther},
		{"abc\xE5\x9B", "", KindText}, // cut inside a rune
		{"", "scan.PDF", KindPDF}, {"", "", KindOther},
	} {
		if got := Sniff([]byte(c.head), c.name); got != c.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", c.head, c.name, got, c.want)
		}
	}
}

func TestCheckSize(t *testing.T) {
	if err := CheckSize("a.jpg", MaxBytes); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	err := CheckSize("big.tif", MaxBytes+1)
	if err == nil || !contains(err.Error(), "big.tif", "100.0 MiB", "104857601 bytes") {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := Read(make([]byte, MaxBytes+1), "big.jpg"); err == nil {
		t.Error("Read accepted a file over the limit")
	}
}

func contains(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
