package report

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/pdf"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
)

func tumen() site.Site {
	w := 400
	src := site.Source{ID: "s1", Title: "North Korean workers in Tumen", Publisher: "Daily NK",
		URL: "https://www.dailynk.com/english/tumen-workers/", Published: "2017-05", Reliability: "B", Credibility: 3,
		Excerpt: "Some 400 workers were dispatched to the complex."}
	return site.Site{
		ID: "0b8f7c1e-0000-4000-8000-000000000001", Name: "Tumen North Korea Industrial Complex",
		Aliases:  []string{"图们 朝鲜工业园区", "투먼"},
		Category: "industrial_complex", Status: site.StatusReported, Precision: site.PrecisionApproximate,
		Geometry: orb.Point{129.8428, 42.9712}, City: "Tumen", Province: "Jilin", Country: "CN",
		WorkersEstimate: &w, FirstReported: "2015", LastReported: "2019-03",
		Tags: []string{"garment", "seafood"}, Notes: "Workers housed on site.",
		Sources: []site.Source{src},
		Observations: []site.Observation{
			{Date: "2019-03", Status: site.StatusConfirmed, Note: "Satellite image shows new dormitory", SourceID: "s1"},
			{Date: "2016-08", Status: site.StatusReported, Note: "First press report"},
		},
	}
}

func swatch(w, h int, c color.NRGBA) image.Image {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return m
}

func jpegThumb(t testing.TB, w, h int) image.Image {
	var b bytes.Buffer
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 90, 255})
		}
	}
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 75}); err != nil {
		t.Fatal(err)
	}
	img, err := JPEG(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func options(t testing.TB) Options {
	thumb := jpegThumb(t, 160, 120)
	return Options{
		Title: "Dispatched labour in Tumen and Hunchun", Author: "Test Researcher", Date: "4 December 2026",
		ProfileName: "Public",
		OverviewMap: swatch(800, 500, color.NRGBA{200, 220, 240, 255}),
		LocatorMap:  func(site.Site) image.Image { return swatch(200, 150, color.NRGBA{230, 230, 210, 255}) },
		Thumbnails:  func(site.Site) []image.Image { return []image.Image{thumb, thumb} },
	}
}

func write(t testing.TB, sites []site.Site, o Options) []byte {
	var b bytes.Buffer
	if err := Write(&b, sites, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func tool(t *testing.T, name string, args ...string) (string, string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed (Debian poppler-utils / qpdf): %v", name, err)
	}
	var o, e bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, e.String())
	}
	return o.String(), e.String()
}

func reportFile(t *testing.T) (string, []site.Site) {
	sites := append([]site.Site{tumen()}, sitegen.Sites(12, 7)...)
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, write(t, sites, options(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, sites
}

func TestReportText(t *testing.T) {
	path, sites := reportFile(t)
	out, errs := tool(t, "pdftotext", path, "-")
	if errs != "" {
		t.Errorf("pdftotext stderr: %s", errs)
	}
	want := []string{"Dispatched labour in Tumen and Hunchun", "Test Researcher", "Export profile", "Public",
		"Contents", "Overview map", "图们 朝鲜工业园区", "투먼", "42.971200, 129.842800", "42°58′16.3″N 129°50′34.1″E",
		"B3 — source: Usually reliable; information: Possibly true", "Cited by", "Page 1 of"}
	for _, s := range sites {
		want = append(want, s.Name)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("report text lacks %q", w)
		}
	}
	// The timeline is in date order: 2016-08 before 2019-03.
	if a, b := strings.Index(out, "2016-08 · reported"), strings.Index(out, "2019-03 · confirmed"); a < 0 || b < 0 || a > b {
		t.Errorf("timeline out of order or missing (2016-08 at %d, 2019-03 at %d)", a, b)
	}
}

func TestReportRendersAndChecks(t *testing.T) {
	path, sites := reportFile(t)
	info, errs := tool(t, "pdfinfo", path)
	if errs != "" {
		t.Errorf("pdfinfo stderr: %s", errs)
	}
	if !strings.Contains(info, "595.28 x 841.89 pts (A4)") {
		t.Errorf("pdfinfo: not A4:\n%s", info)
	}
	// Title, contents, overview, one page per site at least, sources.
	var pages int
	for _, l := range strings.Split(info, "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "Pages:" {
			pages = atoi(f[1])
		}
	}
	if pages < len(sites)+4 {
		t.Errorf("report has %d pages, want at least %d", pages, len(sites)+4)
	}
	dir := t.TempDir()
	if _, errs := tool(t, "pdftoppm", "-r", "20", "-png", path, filepath.Join(dir, "p")); errs != "" {
		t.Errorf("pdftoppm stderr: %s", errs)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "p*.png")); len(files) != pages {
		t.Errorf("pdftoppm rendered %d pages of %d", len(files), pages)
	}
	if _, err := exec.LookPath("qpdf"); err == nil {
		out, _ := tool(t, "qpdf", "--check", path)
		if !strings.Contains(out, "No syntax or stream encoding errors") {
			t.Errorf("qpdf --check:\n%s", out)
		}
	} else {
		t.Log("qpdf not installed: skipping qpdf --check")
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func TestReportDeterministic(t *testing.T) {
	sites := append([]site.Site{tumen()}, sitegen.Sites(5, 1)...)
	a, b := write(t, sites, options(t)), write(t, sites, options(t))
	if !bytes.Equal(a, b) {
		t.Error("two reports of the same sites differ")
	}
	if bytes.Contains(a, []byte("CreationDate")) {
		t.Error("report has a creation date; it must not read the clock")
	}
}

func TestReportEmptyAndBad(t *testing.T) {
	if b := write(t, nil, Options{}); !bytes.HasPrefix(b, []byte("%PDF-1.7")) {
		t.Error("empty report is not a PDF")
	}
	if err := Write(&bytes.Buffer{}, nil, Options{Paper: pdf.Size{W: 100, H: 100}}); err == nil {
		t.Error("a 100 pt paper was accepted")
	}
	if _, err := JPEG([]byte("not a jpeg")); err == nil {
		t.Error("JPEG accepted garbage")
	}
}

func TestCollectSources(t *testing.T) {
	shared := site.Source{ID: "x", Title: "Shared"}
	sites := []site.Site{
		{Name: "A", Sources: []site.Source{shared, {Title: "Only A", URL: "u"}}},
		{Name: "B", Sources: []site.Source{shared}},
	}
	got := collectSources(sites)
	if len(got) != 2 || got[0].src.Title != "Shared" || len(got[0].sites) != 2 || len(got[1].sites) != 1 {
		t.Errorf("collectSources = %+v", got)
	}
}

// BenchmarkReport100 is the target: 100 sites with a JPEG photo
// each, under 10 s and 20 MB.
func BenchmarkReport100(b *testing.B) {
	sites := sitegen.Sites(100, 42)
	o := options(b)
	// A distinct photo per site, so none is shared in the file.
	thumbs := map[string]image.Image{}
	for i, s := range sites {
		thumbs[s.ID] = jpegThumb(b, 320+i, 240)
	}
	o.Thumbnails = func(s site.Site) []image.Image { return []image.Image{thumbs[s.ID]} }
	var n int
	for b.Loop() {
		n = len(write(b, sites, o))
	}
	b.ReportMetric(float64(n)/1e6, "MB")
}

// TestReportOutlineAndLinks reads the bookmarks back with qpdf and counts
// the contents' link annotations.
func TestReportOutlineAndLinks(t *testing.T) {
	path, sites := reportFile(t)
	out, _ := tool(t, "qpdf", "--json", "--json-key=outlines", path)
	type item struct {
		Title string `json:"title"`
		Page  int    `json:"destpageposfrom1"`
		Kids  []item `json:"kids"`
	}
	var doc struct {
		Outlines []item `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, it := range doc.Outlines {
		titles = append(titles, it.Title)
	}
	if got, want := strings.Join(titles, "|"), "Overview map|Sites|Sources"; got != want {
		t.Fatalf("top bookmarks %q, want %q", got, want)
	}
	kids := doc.Outlines[1].Kids
	if len(kids) != len(sites) {
		t.Fatalf("%d site bookmarks, want %d", len(kids), len(sites))
	}
	if kids[0].Title != sites[0].Name || kids[0].Page != doc.Outlines[1].Page {
		t.Errorf("first site bookmark %+v, want %q on page %d", kids[0], sites[0].Name, doc.Outlines[1].Page)
	}
	for i := 1; i < len(kids); i++ {
		if kids[i].Page <= kids[i-1].Page {
			t.Errorf("site bookmark %d on page %d, not after %d", i, kids[i].Page, kids[i-1].Page)
		}
	}
	raw, _ := os.ReadFile(path)
	// One internal link per contents line (3 + sites), plus URI links.
	if n, want := bytes.Count(raw, []byte("/Dest [")), 2*(3+len(sites)); n != want {
		t.Errorf("%d /Dest entries (links and bookmarks), want %d", n, want)
	}
	if !bytes.Contains(raw, []byte("/URI (https://www.dailynk.com/english/tumen-workers/)")) {
		t.Error("source URL is not a link")
	}
}

func TestASCIIURI(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.org/a?b=c":   "https://example.org/a?b=c",
		"https://example.org/图们":      "https://example.org/%E5%9B%BE%E4%BB%AC",
		"https://example.org/a b\x01": "https://example.org/a%20b%01",
	} {
		if got := asciiURI(in); got != want {
			t.Errorf("asciiURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReport100Poppler is the acceptance check: the sample site
// plus 100 generated ones render in poppler without a message, and every
// site name extracts as text.
func TestReport100Poppler(t *testing.T) {
	if testing.Short() {
		t.Skip("renders ~110 pages")
	}
	sites := append([]site.Site{tumen()}, sitegen.Sites(100, 3)...)
	path := filepath.Join(t.TempDir(), "report100.pdf")
	if err := os.WriteFile(path, write(t, sites, options(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	text, errs := tool(t, "pdftotext", path, "-")
	if errs != "" {
		t.Errorf("pdftotext stderr: %s", errs)
	}
	for _, s := range sites {
		if !strings.Contains(text, s.Name) {
			t.Errorf("site name %q is not extractable", s.Name)
		}
	}
	if _, errs := tool(t, "pdftoppm", "-r", "10", "-png", path, filepath.Join(t.TempDir(), "p")); errs != "" {
		t.Errorf("pdftoppm stderr: %s", errs)
	}
}

// TestLongSite: fields that run over several pages beside the locator map
// flow on, and nothing is lost.
func TestLongSite(t *testing.T) {
	s := tumen()
	s.Aliases = []string{strings.Repeat("图们朝鲜工业园区", 200)}
	s.Notes = strings.Repeat("Workers were housed on site. ", 600) + "LASTWORD"
	path := filepath.Join(t.TempDir(), "long.pdf")
	if err := os.WriteFile(path, write(t, []site.Site{s}, options(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	text, errs := tool(t, "pdftotext", path, "-")
	if errs != "" {
		t.Errorf("pdftotext stderr: %s", errs)
	}
	if !strings.Contains(text, "LASTWORD") || strings.Count(text, "housed") < 600 {
		t.Error("long notes were cut")
	}
	if _, errs := tool(t, "pdftoppm", "-r", "10", "-png", path, filepath.Join(t.TempDir(), "p")); errs != "" {
		t.Errorf("pdftoppm stderr: %s", errs)
	}
}
