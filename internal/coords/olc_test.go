package coords

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// readCSV reads a test vector file of testdata (see testdata/MANIFEST).
func readCSV(t *testing.T, name string, fields int) [][]string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		r := strings.Split(line, ",")
		if len(r) != fields {
			t.Fatalf("%s: %q has %d fields, want %d", name, line, len(r), fields)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(rows) < 10 {
		t.Fatalf("%s: only %d rows", name, len(rows))
	}
	return rows
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOLCEncodingVectors(t *testing.T) {
	for _, r := range readCSV(t, "olc_encoding.csv", 4) {
		n, _ := strconv.Atoi(r[2])
		if got := olcEncode(atof(t, r[0]), atof(t, r[1]), n); got != r[3] {
			t.Errorf("encode(%s, %s, %s) = %s, want %s", r[0], r[1], r[2], got, r[3])
		}
	}
}

func TestOLCDecodingVectors(t *testing.T) {
	for _, r := range readCSV(t, "olc_decoding.csv", 6) {
		if why := olcCheck(r[0]); why != "" {
			t.Errorf("%s: %s", r[0], why)
			continue
		}
		a := olcDecode(r[0])
		n, _ := strconv.Atoi(r[1])
		want := [4]float64{atof(t, r[2]), atof(t, r[3]), atof(t, r[4]), atof(t, r[5])}
		got := [4]float64{a.latLo, a.lngLo, a.latHi, a.lngHi}
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-10 {
				t.Errorf("decode(%s) = %v, want %v", r[0], got, want)
				break
			}
		}
		if a.length != n {
			t.Errorf("decode(%s) length %d, want %d", r[0], a.length, n)
		}
	}
}

func TestOLCShortCodeRecovery(t *testing.T) {
	for _, r := range readCSV(t, "olc_short.csv", 5) {
		ref := orb.Point{atof(t, r[2]), atof(t, r[1])}
		rs, err := ParseNear(r[3], ref)
		if err != nil {
			t.Errorf("ParseNear(%s, %v): %v", r[3], ref, err)
			continue
		}
		if rs[0].Text != r[0] || rs[0].Notation != PlusCode {
			t.Errorf("ParseNear(%s, %v) = %s, want %s", r[3], ref, rs[0].Text, r[0])
		}
	}
}

func TestOLCInvalid(t *testing.T) {
	// Cases from the specification's validity rules.
	for _, code := range []string{
		"8FWC2345+G", "8FWC2_45+G6", "8FWC2η45+G6", "8FWC2345+G6+", "8FWC2345G6+",
		"8FWC2300+G6", "WC2300+G6g", "WC2345+G", "8FWC2300+", "8F0C2300+",
		"22+2", "CFX30000+", // not invalid, checked below
	} {
		c := strings.ToUpper(code)
		why := olcCheck(c)
		if code == "CFX30000+" {
			if why != "" {
				t.Errorf("%s: unexpected %s", code, why)
			}
			continue
		}
		if code == "8FWC2300+" {
			if why != "" {
				t.Errorf("%s (padded) rejected: %s", code, why)
			}
			continue
		}
		if why == "" {
			t.Errorf("%s accepted", code)
		}
	}
	// Beyond the poles or the antimeridian.
	for _, code := range []string{"XX000000+", "2X000000+", "F2000000+"} {
		if olcCheck(code) == "" {
			t.Errorf("%s accepted as a full code", code)
		}
	}
}
