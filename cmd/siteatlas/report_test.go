package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/sitegen"
	"github.com/siteatlas/siteatlas/internal/store"
)

// reportCLIMarkers are planted in every kind of field the report prints,
// each on a confidential record.
var reportCLIMarkers = []string{
	"Qzwsitename", "Qzwsrctitle", "https://example.org/qzwsrcurl", "Qzwsrcexcerpt", "Qzwobsnote", "Qzwconfnotes",
}

// reportCLIDB is the sample project, 100 generated sites and two planted
// ones: a confidential site and a public one with confidential parts.
func reportCLIDB(t *testing.T) string {
	t.Helper()
	m := reportCLIMarkers
	planted := []site.Site{
		{ID: "00000000-0000-4000-8000-0000000000b0", Name: m[0] + " Dormitory", Category: "dormitory",
			Status: site.StatusSuspected, Geometry: orb.Point{129.9, 42.95}, Confidential: true},
		{ID: "00000000-0000-4000-8000-0000000000b1", Name: "Open CLI Fish Plant", Category: "factory",
			Status: site.StatusConfirmed, Geometry: orb.Point{129.85, 42.97}, City: "Tumen", ConfidentialNotes: m[5] + " driver",
			Sources:      []site.Source{{ID: "cs", Title: m[1] + " interview", URL: m[2], Excerpt: m[3] + " said", Confidential: true}},
			Observations: []site.Observation{{ID: "co", Date: "2021", Status: site.StatusConfirmed, Note: m[4] + " seen", Confidential: true, SourceID: "cs"}},
		},
	}
	db := filepath.Join(t.TempDir(), "atlas.db")
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := app.InstallSample(ctx, st); err != nil {
		t.Fatal(err)
	}
	im, err := st.BeginImport(ctx, "fixture")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(sitegen.Sites(100, 7), planted...) {
		if _, err := im.Put(s); err != nil {
			im.Rollback()
			t.Fatal(err)
		}
	}
	if err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestCLIReport(t *testing.T) {
	isolate(t)
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (Debian poppler-utils): the report cannot be read back", tool)
		}
	}
	db := reportCLIDB(t)
	dir := t.TempDir()
	for _, c := range []struct {
		profile string
		present bool
	}{{"", false}, {"Public", false}, {"internal", true}} {
		name := c.profile
		if name == "" {
			name = "default"
		}
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, name+".pdf")
			args := []string{"report", "--db", db, "-o", out, "--title", "Tumen and Hunchun", "--author", "A. Researcher", "--paper", "a4-landscape"}
			if c.profile != "" {
				args = append(args, "--profile", c.profile)
			}
			code, stdout, stderr := cli(t, args...)
			if code != 0 {
				t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
			}
			t.Log(strings.TrimSpace(stderr))
			text, err := exec.Command("pdftotext", "-enc", "UTF-8", out, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range reportCLIMarkers {
				if got := strings.Contains(string(text), m); got != c.present {
					t.Errorf("%q in the report: %v, want %v", m, got, c.present)
				}
			}
			for _, cjk := range []string{"图们", "珲春"} {
				if !strings.Contains(string(text), cjk) {
					t.Errorf("%q is not extractable text", cjk)
				}
			}
			info, err := exec.Command("pdfinfo", out).Output()
			if err != nil {
				t.Fatal(err)
			}
			pages := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
			sites := regexp.MustCompile(`: (\d+) site\(s\)`).FindStringSubmatch(stderr)
			if pages == nil || sites == nil {
				t.Fatalf("no page or site count:\n%s\n%s", info, stderr)
			}
			np, _ := strconv.Atoi(string(pages[1]))
			ns, _ := strconv.Atoi(sites[1])
			if np <= ns {
				t.Errorf("%d pages for %d sites", np, ns)
			}
			if !regexp.MustCompile(`(?m)^Page size:\s+841\.\d+ x 595\.\d+`).Match(info) {
				t.Errorf("not A4 landscape:\n%s", info)
			}
		})
	}
}

func TestCLIReportErrors(t *testing.T) {
	isolate(t)
	db := reportCLIDB(t)
	out := filepath.Join(t.TempDir(), "r.pdf")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"report", "--db", db}, 2, "usage: siteatlas report"},
		{[]string{"report", "--db", db, "-o", out, "--profile", "Secret"}, 1, `--profile "Secret"`},
		{[]string{"report", "--db", db, "-o", out, "--paper", "a5"}, 1, `--paper "a5"`},
		{[]string{"report", "--db", db, "-o", out, "--status", "gone"}, 1, `--status "gone"`},
		{[]string{"report", "--db", filepath.Join(t.TempDir(), "none.db"), "-o", out}, 1, "no database at"},
		{[]string{"report", "--db", db, "-o", db}, 1, "is the database itself"},
		{[]string{"report", "--db", db, "-o", filepath.Join(t.TempDir(), "missing", "r.pdf")}, 1, "siteatlas report:"},
	} {
		code, stdout, stderr := cli(t, c.args...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q (stdout %q)", c.args[3:], code, stderr, c.code, c.want, stdout)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed report left %s", out)
	}
	// Filters apply: one category only.
	code, _, stderr := cli(t, "report", "--db", db, "-o", out, "--category", "restaurant", "--no-maps")
	if code != 0 || !strings.Contains(stderr, "wrote") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}
