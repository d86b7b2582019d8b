package photo

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// exiftoolJSON runs exiftool -json -n -G on files and returns one map per file.
func exiftoolJSON(t *testing.T, files ...string) []map[string]any {
	t.Helper()
	et, err := exec.LookPath("exiftool")
	if err != nil {
		t.Skip("exiftool not installed (Debian: libimage-exiftool-perl); skipping the cross-check")
	}
	out, err := exec.Command(et, append([]string{"-json", "-n", "-G", "-a"}, files...)...).Output()
	if err != nil && len(out) == 0 {
		t.Fatalf("exiftool: %v", err)
	}
	var res []map[string]any
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("exiftool output: %v", err)
	}
	return res
}

// TestReadAgreesWithExiftool reads every fixture with Read and with exiftool and compares
// position, original time, orientation, make and model.
func TestReadAgreesWithExiftool(t *testing.T) {
	files, _ := filepath.Glob("testdata/*")
	var imgs []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".md") && !strings.Contains(f, "idat") { // exiftool cannot read construction method 1
			imgs = append(imgs, f)
		}
	}
	for _, m := range exiftoolJSON(t, imgs...) {
		name := m["SourceFile"].(string)
		b, err := os.ReadFile(name)
		must(t, err)
		in, _ := Read(b, name)
		lat, hasLat := m["Composite:GPSLatitude"].(float64)
		lon, _ := m["Composite:GPSLongitude"].(float64)
		if hasLat && !(lat == 0 && lon == 0) {
			if in.Position == nil || math.Abs(in.Position.Lat()-lat) > 1e-9 || math.Abs(in.Position.Lon()-lon) > 1e-9 {
				t.Errorf("%s: position %v, exiftool %g,%g", name, in.Position, lat, lon)
			}
		} else if in.Position != nil {
			t.Errorf("%s: position %v, exiftool has none (or 0,0)", name, *in.Position)
		}
		if o, ok := m["EXIF:Orientation"].(float64); ok && int(o) != in.Orientation {
			t.Errorf("%s: orientation %d, exiftool %g", name, in.Orientation, o)
		}
		if dto, ok := m["EXIF:DateTimeOriginal"].(string); ok {
			if in.TakenAt == nil || in.TakenAt.Format("2006:01:02 15:04:05") != dto {
				t.Errorf("%s: taken %v, exiftool DateTimeOriginal %s", name, in.TakenAt, dto)
			}
		}
		for tag, got := range map[string]string{"EXIF:Make": in.Make, "EXIF:Model": in.Model} {
			if v, ok := m[tag]; ok && strings.TrimSpace(toString(v)) != got {
				t.Errorf("%s: %s %q, exiftool %q", name, tag, got, v)
			}
		}
	}
}

func toString(v any) string {
	b, _ := json.Marshal(v)
	return strings.Trim(string(b), `"`)
}
