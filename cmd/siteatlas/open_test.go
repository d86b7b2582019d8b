package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestOpensFile: `siteatlas tumen.geojson` (a file manager's Open with)
// opens the window on the file, while command names and unknown words stay
// commands, even when a file of that name exists in the folder.
func TestOpensFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tumen.geojson")
	if err := os.WriteFile(file, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if err := os.WriteFile("export", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		arg  string
		want bool
	}{
		{file, true},
		{"tumen.geojson", true},
		{"file://" + file, true},
		{"export", false},
		{"exprot", false},
		{filepath.Join(dir, "missing.kml"), false},
	} {
		if got := opensFile(tt.arg); got != tt.want {
			t.Errorf("opensFile(%q) = %v, want %v", tt.arg, got, tt.want)
		}
	}
}
