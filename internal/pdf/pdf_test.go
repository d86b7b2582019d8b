package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/assets"
)

const cjkSample = "图们 朝鲜工业园区"

// sampleDoc builds a document that uses every feature once.
func sampleDoc(t testing.TB) *Document {
	d := New(Info{Title: "Site Atlas — 图们", Author: "Test Author"})
	if _, err := d.AddFont(assets.LabelFontLatin); err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddFont(assets.LabelFont); err != nil {
		t.Fatal(err)
	}
	p1 := d.AddPage(A4)
	p2 := d.AddPage(A3.Landscape())
	p3 := d.AddPage(Letter)
	st := TextStyle{Size: 12, Color: Black}
	p1.Text(72, 72, TextStyle{Size: 20, Color: Color{0, 0, 120}}, "Reported sites: Tumen")
	p1.Text(72, 100, st, cjkSample)
	p1.Text(72, 120, st, "투먼 and Łódź, Čačak, Hà Nội")
	p1.Text(72, 140, st, "Contents → page 2")
	if err := p1.LinkPage(Rect{72, 128, 200, 16}, p2, 72); err != nil {
		t.Fatal(err)
	}
	if err := p1.LinkURI(Rect{72, 150, 200, 16}, "https://example.org/report?id=1"); err != nil {
		t.Fatal(err)
	}
	p1.Line(Point{72, 160}, Point{500, 160}, Gray, 0.5)
	red := Color{200, 30, 30}
	p1.Rect(Rect{72, 180, 100, 50}, Style{Fill: &red, Stroke: &Black, LineWidth: 2})
	p1.Path([]Point{{200, 180}, {260, 230}, {140, 230}}, true, Style{Fill: &Gray})
	p1.Circle(Point{320, 205}, 25, Style{Stroke: &red, Dash: []float64{3, 2}})

	rgba := image.NewNRGBA(image.Rect(0, 0, 16, 8))
	for y := 0; y < 8; y++ {
		for x := 0; x < 16; x++ {
			rgba.Set(x, y, color.NRGBA{uint8(x * 16), uint8(y * 32), 100, uint8(255 - x*8)})
		}
	}
	p1.Image(d.AddImage(rgba), Rect{72, 250, 160, 80})
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, rgba, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	ji, err := d.AddJPEG(jb.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	p2.Image(ji, Rect{72, 72, 160, 80})
	p2.Text(72, 200, st, "Second page")
	p3.Text(72, 72, st, "Third page")
	d.AddOutline("First", 0, p1, 0)
	d.AddOutline("图们 section", 1, p1, 100)
	d.AddOutline("Second", 0, p2, 0)
	d.AddOutline("Third", 0, p3, 0)
	return d
}

func writeSample(t *testing.T) (string, []byte) {
	var b bytes.Buffer
	if err := sampleDoc(t).Write(&b); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "sample.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b.Bytes()
}

// tool runs a poppler/qpdf command, skipping the test when it is absent.
func tool(t *testing.T, name string, args ...string) (stdout, stderr string) {
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

func TestTextExtracts(t *testing.T) {
	path, _ := writeSample(t)
	out, errs := tool(t, "pdftotext", "-layout", path, "-")
	if errs != "" {
		t.Errorf("pdftotext stderr: %s", errs)
	}
	for _, want := range []string{"Reported sites: Tumen", cjkSample, "투먼 and Łódź, Čačak, Hà Nội", "Second page", "Third page"} {
		if !strings.Contains(out, want) {
			t.Errorf("pdftotext output lacks %q:\n%s", want, out)
		}
	}
}

func TestPagesRender(t *testing.T) {
	path, _ := writeSample(t)
	dir := t.TempDir()
	_, errs := tool(t, "pdftoppm", "-r", "30", "-png", path, filepath.Join(dir, "p"))
	if errs != "" {
		t.Errorf("pdftoppm stderr: %s", errs)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	if len(files) != 3 {
		t.Errorf("pdftoppm rendered %d pages, want 3", len(files))
	}
}

func TestInfo(t *testing.T) {
	path, _ := writeSample(t)
	out, errs := tool(t, "pdfinfo", "-f", "1", "-l", "3", path)
	if errs != "" {
		t.Errorf("pdfinfo stderr: %s", errs)
	}
	out = squeeze(out)
	for _, want := range []string{"Pages: 3", "Page 1 size: 595.28 x 841.89 pts (A4)",
		"Page 2 size: 1190.55 x 841.89 pts (A3)", "Page 3 size: 612 x 792 pts (letter)",
		"Title: Site Atlas — 图们", "Author: Test Author", "PDF version: 1.7"} {
		if !strings.Contains(out, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "CreationDate") {
		t.Errorf("pdfinfo shows a creation date we did not set:\n%s", out)
	}
}

func TestFontsEmbedded(t *testing.T) {
	path, b := writeSample(t)
	out, _ := tool(t, "pdffonts", path)
	out = squeeze(out)
	if n := strings.Count(out, "Identity-H yes yes yes"); n != 2 {
		t.Errorf("want 2 embedded, subset Identity-H fonts with ToUnicode, got %d:\n%s", n, out)
	}
	if !strings.Contains(out, "CID Type 0C") || !strings.Contains(out, "CID TrueType") {
		t.Errorf("font types:\n%s", out)
	}
	// The CJK font is 3.5 MB; with unused charstrings blanked the file is small.
	if len(b) > 200_000 {
		t.Errorf("sample PDF is %d bytes, want the fonts subset to well under 200 kB", len(b))
	}
	t.Logf("sample PDF: %d bytes", len(b))
}

func TestQPDFCheck(t *testing.T) {
	path, _ := writeSample(t)
	out, _ := tool(t, "qpdf", "--check", path)
	if !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check:\n%s", out)
	}
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := sampleDoc(t).Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := sampleDoc(t).Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same document differ")
	}
}

// squeeze collapses runs of spaces, as poppler pads its columns.
func squeeze(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
	}
	return strings.Join(lines, "\n")
}
