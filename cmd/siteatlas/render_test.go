package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// renderDB makes a database of a few sites around Hunchun and Tumen: two
// mines, the rest factories, one of them confidential.
func renderDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	t.Setenv("SITEATLAS_DB", "")
	db := filepath.Join(dir, "render.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	im, err := st.BeginImport(ctx, "render test")
	if err != nil {
		t.Fatal(err)
	}
	add := func(name, cat string, lon, lat float64, conf bool) {
		s := site.Site{Name: name, Category: cat, Status: site.Statuses[0], Geometry: orb.Point{lon, lat}, Confidential: conf}
		if _, err := im.Put(s); err != nil {
			t.Fatal(err)
		}
	}
	add("Hunchun Seafood Plant", "factory", 130.37, 42.87, false)
	add("Tumen Garment Factory", "factory", 129.84, 42.97, false)
	add("Yanji Shoe Factory", "factory", 129.51, 42.89, true)
	add("Musan Iron Mine", "mine", 129.22, 42.23, false)
	add("Hunchun Coal Mine", "mine", 130.45, 42.95, false)
	for i := 0; i < 40; i++ {
		add("Factory", "factory", 130.2+float64(i%8)*0.02, 42.8+float64(i/8)*0.02, false)
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return db
}

// renderPNG runs `siteatlas render` with args and -o to a temp file and
// returns the decoded image; it fails the test on a non-zero exit.
func renderPNG(t *testing.T, args ...string) *image.RGBA {
	t.Helper()
	out := filepath.Join(t.TempDir(), "map.png")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append(append([]string{"render"}, args...), "-o", out), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("render %q: exit %d\n%s%s", args, code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "wrote "+out) {
		t.Errorf("render %q: stderr %q does not say what it wrote", args, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("render %q: output is not a PNG: %v", args, err)
	}
	rgba, ok := img.(*image.RGBA)
	if !ok {
		rgba = image.NewRGBA(img.Bounds())
		for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
			for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
				rgba.Set(x, y, img.At(x, y))
			}
		}
	}
	return rgba
}

// colours counts the distinct colours of img, up to limit.
func colours(img *image.RGBA, limit int) int {
	seen := map[[4]byte]bool{}
	for i := 0; i+3 < len(img.Pix) && len(seen) < limit; i += 4 {
		seen[[4]byte(img.Pix[i:i+4])] = true
	}
	return len(seen)
}

// differing counts the pixels where a and b differ.
func differing(a, b *image.RGBA) int {
	n := 0
	for i := 0; i+3 < len(a.Pix) && i+3 < len(b.Pix); i += 4 {
		if !bytes.Equal(a.Pix[i:i+4], b.Pix[i:i+4]) {
			n++
		}
	}
	return n
}

func TestRenderCommand(t *testing.T) {
	db := renderDB(t)
	const bbox = "129.0,42.1,130.8,43.2"

	all := renderPNG(t, "--db", db, "--bbox", bbox, "--include-confidential")
	if got := all.Bounds().Size(); got != image.Pt(1280, 800) {
		t.Errorf("default size %v, want 1280x800", got)
	}
	if n := colours(all, 1000); n < 50 {
		t.Errorf("the map has %d colours: blank or nearly", n)
	}

	t.Run("size", func(t *testing.T) {
		img := renderPNG(t, "--db", db, "--bbox", bbox, "--size", "640x400")
		if got := img.Bounds().Size(); got != image.Pt(640, 400) {
			t.Errorf("--size 640x400 gave %v", got)
		}
	})

	t.Run("center and zoom", func(t *testing.T) {
		img := renderPNG(t, "--db", db, "--center", "129.84,42.97", "--zoom", "10", "--size", "800x600")
		if got := img.Bounds().Size(); got != image.Pt(800, 600) {
			t.Errorf("size %v, want 800x600", got)
		}
		if n := colours(img, 1000); n < 50 {
			t.Errorf("the map has %d colours: blank or nearly", n)
		}
		// The same place further out is a different picture.
		far := renderPNG(t, "--db", db, "--center", "129.84,42.97", "--zoom", "4", "--size", "800x600")
		if differing(img, far) < 800*600/4 {
			t.Error("zoom 10 and zoom 4 draw nearly the same picture")
		}
		// The antimeridian and the poles draw too.
		for _, c := range []string{"180,-17", "-180,0", "0,85", "0,-85"} {
			img := renderPNG(t, "--db", db, "--center", c, "--zoom", "3", "--size", "320x200")
			if n := colours(img, 100); n < 3 {
				t.Errorf("--center %s: %d colours", c, n)
			}
		}
	})

	t.Run("filters", func(t *testing.T) {
		none := renderPNG(t, "--db", db, "--bbox", bbox, "--category", "no-such-category")
		nomatch := renderPNG(t, "--db", db, "--bbox", bbox, "--q", "zzzqqqxxx")
		if d := differing(none, nomatch); d != 0 {
			t.Errorf("two filters that match nothing differ in %d pixels", d)
		}
		if differing(all, none) < 200 {
			t.Error("the sites make no difference to the map: were they drawn?")
		}
		mines := renderPNG(t, "--db", db, "--bbox", bbox, "--category", "mine")
		if differing(mines, none) < 50 || differing(mines, all) < 50 {
			t.Error("--category mine should draw some sites, not all")
		}
		text := renderPNG(t, "--db", db, "--bbox", bbox, "--q", "Musan")
		if differing(text, none) < 50 || differing(text, mines) < 50 {
			t.Error("--q Musan should draw the one mine it matches")
		}
		hidden := renderPNG(t, "--db", db, "--bbox", bbox, "--hide-confidential")
		if differing(hidden, all) == 0 {
			t.Error("--hide-confidential draws the confidential site")
		}
		// Issue 22 leak 3: by default the confidential site stays off the
		// map, as in exports and the window's map image.
		if d := differing(renderPNG(t, "--db", db, "--bbox", bbox), hidden); d != 0 {
			t.Errorf("the default map differs from --hide-confidential in %d pixels: it draws the confidential site", d)
		}
	})

	t.Run("stdout", func(t *testing.T) {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), []string{"render", "--db", db, "--bbox", bbox, "--size", "200x100", "-o", "-"}, &stdout, &stderr)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		cfg, err := png.DecodeConfig(&stdout)
		if err != nil || cfg.Width != 200 || cfg.Height != 100 {
			t.Errorf("-o - wrote %+v, %v; want a 200x100 PNG", cfg, err)
		}
	})

	t.Run("errors", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "bad.png")
		for _, tc := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"--bbox", "1,2,3"}, 1, "bbox"},
			{[]string{"--bbox", "129,43,130,42"}, 1, "south below north"},
			{[]string{"--bbox", "a,b,c,d"}, 1, "bbox"},
			{[]string{"--bbox", "-200,0,10,10"}, 1, "bbox"},
			{[]string{"--bbox", bbox, "--size", "0x100"}, 1, "size"},
			{[]string{"--bbox", bbox, "--size", "1280"}, 1, "WIDTHxHEIGHT"},
			{[]string{"--bbox", bbox, "--size", "axb"}, 1, "size"},
			{[]string{"--bbox", bbox, "--size", "100000x100"}, 1, "size"},
			{[]string{"--center", "129.84,42.97", "--zoom", "25"}, 1, "zoom 25"},
			{[]string{"--center", "129.84,42.97", "--zoom", "-1"}, 1, "zoom -1"},
			{[]string{"--center", "129.84,42.97", "--zoom", "NaN"}, 1, "zoom"},
			{[]string{"--center", "129.84,42.97", "--zoom", "ten"}, 2, "usage"},
			{[]string{"--center", "129.84,42.97"}, 1, "--zoom"},
			{[]string{"--zoom", "8"}, 1, "--center"},
			{[]string{"--center", "200,42", "--zoom", "8"}, 1, "center"},
			{[]string{"--bbox", bbox, "--center", "129.84,42.97", "--zoom", "8"}, 1, "not both"},
			{[]string{}, 1, "--bbox"},
		} {
			var stdout, stderr bytes.Buffer
			args := append(append([]string{"render", "--db", db}, tc.args...), "-o", out)
			code := run(context.Background(), args, &stdout, &stderr)
			if code != tc.code || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("render %q: exit %d, stderr %q; want exit %d mentioning %q", tc.args, code, stderr.String(), tc.code, tc.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("render %q: failed but left %s", tc.args, out)
				os.Remove(out)
			}
		}
		// No -o at all: usage.
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"render", "--db", db, "--bbox", bbox}, &stdout, &stderr); code != 2 {
			t.Errorf("render without -o: exit %d, want 2 (usage)", code)
		}
	})
}
