package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRenderLayoutCLI: the layout flags make a layout in the format of
// -o's extension; a saved layout file regenerates byte for byte; the
// confidential site is not named under the default profile.
func TestRenderLayoutCLI(t *testing.T) {
	db := renderDB(t)
	dir := t.TempDir()
	spec := filepath.Join(dir, "fig.json")
	if err := os.WriteFile(spec, []byte(`{"width":640,"height":440,"dpi":96,"title":"Hunchun","legend":true,"labels":"all","inset":true,"date":"2026-12-05"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	for i, args := range [][]string{
		{"--layout", spec, "-o", filepath.Join(dir, "a.svg")},
		{"--layout", spec, "-o", filepath.Join(dir, "b.svg")},
		{"--title", "Flags", "--legend", "--labels", "--north-arrow", "--paper", "a4-landscape", "--dpi", "72", "--bbox", "129,42,131,43.5", "-o", filepath.Join(dir, "c.pdf")},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), append([]string{"render", "--db", db}, args...), &stdout, &stderr); code != 0 {
			t.Fatalf("render %q: exit %d\n%s", args, code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "layout") {
			t.Errorf("render %q: stderr %q", args, stderr.String())
		}
		b, err := os.ReadFile(args[len(args)-1])
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 && bytes.Contains(b, []byte("Yanji Shoe Factory")) {
			t.Errorf("the confidential site is named in %s", args[len(args)-1])
		}
		got = append(got, b)
	}
	if !bytes.Equal(got[0], got[1]) {
		t.Errorf("the saved layout did not regenerate byte for byte")
	}
	if !bytes.HasPrefix(got[2], []byte("%PDF-")) {
		t.Errorf("-o c.pdf is not a PDF")
	}
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"render", "--db", db, "--layout", spec, "--labels=some", "-o", filepath.Join(dir, "d.png")}, &stderr, &stderr); code == 0 {
		t.Errorf("--labels=some was accepted")
	}
}
