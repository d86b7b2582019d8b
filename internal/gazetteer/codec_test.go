package gazetteer

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

var testAdmin1 = map[string]string{"CN.05": "Jilin", "KP.11": "P'yŏngan-bukto", "RU.71": "Tyumen Oblast"}

var testRecs = []Record{
	{ID: 2034340, Name: "Tumen", Alts: []string{"T'u-men-shih", "Тюменский", "图们"}, Feature: "PPLA3", Country: "CN", Admin1: "05", Lat: 42.96562, Lon: 129.84199, Population: 78719},
	{ID: 2040893, Name: "Sinŭiju", Alts: []string{"Sinuiju", "新义州", "신의주", "신의주시"}, Feature: "PPLA", Country: "KP", Admin1: "11", Lat: 40.10056, Lon: 124.39806, Population: 288112},
	{ID: 1488754, Name: "Tyumen", Alts: []string{"Tumen", "Тюмень"}, Feature: "PPLA", Country: "RU", Admin1: "71", Lat: 57.15222, Lon: 65.52722, Population: 621918},
	{ID: 1, Name: "Nowhere", Feature: "PPL", Country: "XX", Admin1: "", Lat: -89.99999, Lon: -180, Population: 0},
}

func encodeTest(t testing.TB, recs []Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, testAdmin1, recs); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	raw := encodeTest(t, testRecs)
	// Same input in another order: same bytes.
	rev := []Record{testRecs[3], testRecs[2], testRecs[1], testRecs[0]}
	if !bytes.Equal(raw, encodeTest(t, rev)) {
		t.Error("Encode depends on the order of its input")
	}
	ix, err := decode(raw)
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(ix.places) != len(testRecs) {
		t.Fatalf("%d places, want %d", len(ix.places), len(testRecs))
	}
	got := ix.search("신의주", Options{})
	if len(got) != 1 {
		t.Fatalf("search 신의주 = %v", labels(got))
	}
	p := got[0]
	want := Place{ID: 2040893, Name: "Sinŭiju", Names: []string{"新义州", "신의주", "신의주시", "Sinuiju"}, Matched: "신의주",
		Province: "P'yŏngan-bukto", Country: "KP", Point: orb.Point{124.39806, 40.10056}, Population: 288112, Feature: "PPLA"}
	if p.ID != want.ID || p.Name != want.Name || strings.Join(p.Names, ",") != strings.Join(want.Names, ",") || p.Matched != want.Matched ||
		p.Province != want.Province || p.Country != want.Country || p.Point != want.Point || p.Population != want.Population || p.Feature != want.Feature {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
	// The ASCII keys derived at load and the stored ones both work.
	for q, id := range map[string]int{"tumen": 2034340, "sinuiju": 2040893, "tumenshih": 2034340, "тюмень": 1488754, "新义州": 2040893, "nowhere": 1} {
		if got := ix.search(q, Options{Limit: 1}); len(got) != 1 || got[0].ID != id {
			t.Errorf("search %q = %v, want id %d", q, labels(got), id)
		}
	}
	// "Tumen" is the main name of one place and an exonym of another.
	if got := ix.search("Tumen", Options{}); len(got) != 2 || got[0].ID != 2034340 {
		t.Errorf("search Tumen = %v, want Tumen (CN) before Tyumen", labels(got))
	}
	if i, d := ix.nearest(-90, 0); i < 0 || ix.places[i].id != 1 || d > 2 {
		t.Errorf("nearest to the south pole = place %d at %.0f m, want Nowhere within 2 m", i, d)
	}
}

func TestEncodeRejects(t *testing.T) {
	tests := []struct {
		name string
		r    Record
		want string
	}{
		{"country", Record{ID: 5, Name: "A", Country: "CHN"}, `country "CHN"`},
		{"position", Record{ID: 5, Name: "A", Country: "CN", Lat: 91}, "out of range"},
		{"id", Record{ID: 0, Name: "A", Country: "CN"}, "place id 0"},
	}
	for _, tt := range tests {
		err := Encode(&bytes.Buffer{}, nil, []Record{tt.r})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Encode error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
	dup := []Record{{ID: 7, Name: "A", Country: "CN"}, {ID: 7, Name: "B", Country: "CN"}}
	if err := Encode(&bytes.Buffer{}, nil, dup); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("duplicate id: %v", err)
	}
}

func TestDecodeRejectsCorrupt(t *testing.T) {
	raw := encodeTest(t, testRecs)
	n1 := binary.LittleEndian.Uint32(raw[len(magic):])
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "bad header"},
		{"magic", append([]byte("SAGAZ9\n"), raw[len(magic):]...), "bad header"},
		{"part length", append(append([]byte(magic), 0xff, 0xff, 0xff, 0x7f), raw[len(magic)+4:]...), "part 1 of"},
		{"truncated part 2", raw[:len(raw)-5], "part 2"},
		{"part 1 cut", append(append([]byte(magic), binary.LittleEndian.AppendUint32(nil, n1-20)...), raw[len(magic)+4:]...), "part 1"},
	}
	for _, tt := range tests {
		_, err := decode(tt.b)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: decode error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// FuzzDecode feeds decode mangled assets: it must fail with an error, not
// panic or allocate without bound.
func FuzzDecode(f *testing.F) {
	raw := encodeTest(f, testRecs)
	f.Add(raw)
	f.Add(raw[:len(raw)/2])
	f.Add([]byte(magic + "\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ix, err := decode(b)
		if err == nil {
			ix.search("t", Options{})
			ix.nearest(0, 0)
		}
	})
}

// FuzzDecodeParts fuzzes the inflated parts themselves, which gzip's
// checksum otherwise keeps the fuzzer away from.
func FuzzDecodeParts(f *testing.F) {
	p1, keys, err := encodePlaces(testAdmin1, testRecs)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(p1, encodeKeys(keys))
	f.Fuzz(func(t *testing.T, p1, p2 []byte) {
		ix := &index{}
		if err := ix.decodePlaces(p1); err != nil {
			return
		}
		if err := ix.decodeKeys(p2); err != nil {
			return
		}
		ix.grid = newGrid(ix.places)
		ix.logPop = make([]float32, len(ix.places))
		for i := range ix.kplace {
			ix.keyAt(i)
		}
		for _, q := range []string{"t", "tumen", "신의주"} {
			for _, p := range ix.search(q, Options{}) {
				_ = p.Label()
			}
		}
	})
}
