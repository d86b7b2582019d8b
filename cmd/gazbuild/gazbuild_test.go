package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/siteatlas/siteatlas/internal/gazetteer"
)

func TestKeepNames(t *testing.T) {
	var st stats
	// GeoNames' Dandong list, abridged: one of each kind.
	alts := "An-tung-hsien,DDG,Dandong,Dandong - 丹东,dan dong,Tan-tung,Тан-тунг,Дандун,داندونج,丹东市,丹東,단둥 시,An-tung-hsien,,Đan Đông"
	got := keepNames("Dandong", alts, &st)
	want := []string{"An-tung-hsien", "Tan-tung", "Тан-тунг", "Дандун", "丹东市", "丹東", "단둥 시"}
	if !slices.Equal(got, want) {
		t.Errorf("keepNames = %q\nwant %q", got, want)
	}
	if st.codes != 1 || st.mixed != 1 || st.other != 1 || st.lower != 0 || st.kept != len(want) {
		t.Errorf("stats %+v", st)
	}
	// "dan dong" and "Đan Đông" fold like the main name: duplicates, not drops
	// for case or script.
	if st.dups != 5 {
		t.Errorf("dups = %d, want 5 (Dandong, dan dong, Đan Đông, An-tung-hsien again, empty)", st.dups)
	}
	st = stats{}
	if got := keepNames("Yanji", "yan ji shi,Yanji Shi", &st); !slices.Equal(got, []string{"Yanji Shi"}) || st.lower != 1 {
		t.Errorf("keepNames(lower case) = %q, %+v", got, st)
	}
}

func TestReadSamples(t *testing.T) {
	adm, err := readAdmin1("testdata/admin1.json")
	if err != nil {
		t.Fatal(err)
	}
	if adm["CN.05"] != "Jilin" || len(adm) != 3 {
		t.Errorf("admin1 = %v", adm)
	}
	recs, _, err := readCities("testdata/cities.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	var tumen gazetteer.Record
	for _, r := range recs {
		if r.ID == 2034340 {
			tumen = r
		}
	}
	if tumen.Name != "Tumen" || tumen.Country != "CN" || tumen.Admin1 != "05" || tumen.Population != 78719 ||
		tumen.Lat != 42.96562 || tumen.Lon != 129.84199 || tumen.Feature != "PPLA3" || !slices.Contains(tumen.Alts, "图们") {
		t.Errorf("Tumen = %+v", tumen)
	}
	var a, b bytes.Buffer
	if err := gazetteer.Encode(&a, adm, recs); err != nil {
		t.Fatal(err)
	}
	slices.Reverse(recs)
	if err := gazetteer.Encode(&b, adm, recs); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("output depends on input order")
	}
}

func TestReadErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct{ name, text, want string }{
		{"columns", "1\tA\n", "bad.txt:1: 2 columns, want 19"},
		{"latitude", strings.Repeat("x\t", 4) + "n" + strings.Repeat("\t", 14) + "\n", "bad.txt:1: id"},
	}
	for _, tt := range tests {
		p := filepath.Join(dir, "bad.txt")
		if err := os.WriteFile(p, []byte(tt.text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := readCities(p)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
	}
	p := filepath.Join(dir, "a.json")
	os.WriteFile(p, []byte(`[{"code":"CN","name":"x"}]`), 0o644)
	if _, err := readAdmin1(p); err == nil || !strings.Contains(err.Error(), `entry 0: code "CN"`) {
		t.Errorf("admin1 error %v", err)
	}
}
