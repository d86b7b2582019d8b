package gazetteer

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// The asset is magic "SAGAZ3\n", a uint32 (little-endian) length of part
// 1, and two gzip members, so that the decoder can inflate them on two
// cores. Each part is columns, one kind of value each, which gzip
// compresses far better than records mixing them.
//
// Part 1, the places:
//
//	uvarint n, n × (str code "CN.05", str name "Jilin")     admin-1 table
//	uvarint n, n × str                                     feature codes
//	uvarint n; then for the n places, ordered by country, admin-1, id:
//	    n × (uvarint k, k × str): the main name, then the other names
//	    n × varint id - previous id
//	    n × byte feature
//	    n × 2 bytes country
//	    n × uvarint admin-1 index + 1 (0: none)
//	    n × uvarint population
//	    n × varint lat - previous lat, n × varint lon - previous lon,
//	        in units of 1e-5 degrees (GeoNames' precision, 1.1 m)
//
// Part 2, the index:
//
//	uvarint m; then for the m keys, ordered by key bytes then place:
//	    m × uvarint place (its index in part 1)
//	    m × byte name: the key is of the place's name i (0 the main name)
//	    m × byte flags (flagPrimary)
//	    for each key whose name is not ASCII, byte shared, str rest: the
//	        key is the previous key's first shared bytes followed by rest
//
// where str is a uvarint length and that many bytes. Keys are Fold of each
// name plus its Stem, once per place. The keys of ASCII names are folded
// again at load rather than stored (that makes the asset a sixth smaller);
// the others would need Unicode normalisation, too slow to redo.
const magic = "SAGAZ3\n"

// maxNames bounds the names of one place, so a name index fits a byte.
const maxNames = 256

// unit is the number of position units per degree.
const unit = 1e5

// flagPrimary marks a key of the main name or of a name in the country's
// own script (图们 for a Chinese place): Search ranks those higher than
// exonyms, so "Tumen" finds Tumen before Tyumen, whose names include it.
const flagPrimary = 1

// Record is one place as the converter hands it to Encode.
type Record struct {
	ID         int
	Name       string
	Alts       []string // other names, already limited to the kept scripts
	Feature    string   // GeoNames feature code: PPL, PPLA, PPLC, ...
	Country    string   // ISO 3166-1 alpha-2
	Admin1     string   // GeoNames admin-1 code within the country: "05"
	Lat, Lon   float64
	Population int
}

// Encode writes the asset for recs, with admin1 naming the admin-1 codes
// ("CN.05" -> "Jilin"). The output depends only on its input: places and
// keys are sorted, and gzip's header carries no time.
func Encode(w io.Writer, admin1 map[string]string, recs []Record) error {
	recs = slices.Clone(recs)
	// Neighbours in a province share name patterns and positions, which
	// gzip and the position deltas both like. (Z-order within a country
	// makes positions 16% smaller but ids twice as large.)
	slices.SortFunc(recs, func(a, b Record) int {
		if c := strings.Compare(a.Country, b.Country); c != 0 {
			return c
		}
		if c := strings.Compare(a.Admin1, b.Admin1); c != 0 {
			return c
		}
		return a.ID - b.ID
	})
	p1, keys, err := encodePlaces(admin1, recs)
	if err != nil {
		return err
	}
	p2 := encodeKeys(keys)
	z1, err := deflate(p1)
	if err != nil {
		return err
	}
	z2, err := deflate(p2)
	if err != nil {
		return err
	}
	out := append([]byte(magic), binary.LittleEndian.AppendUint32(nil, uint32(len(z1)))...)
	out = append(append(out, z1...), z2...)
	_, err = w.Write(out)
	return err
}

func deflate(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// encKey is one index entry while encoding.
type encKey struct {
	k           string
	place, name int
	flags       byte
	ascii       bool // name is ASCII: the decoder folds it again
}

// encodePlaces writes part 1 and returns the keys of part 2, unsorted.
func encodePlaces(admin1 map[string]string, recs []Record) ([]byte, []encKey, error) {
	var b []byte
	codes := make([]string, 0, len(admin1))
	for c := range admin1 {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	adminIdx := make(map[string]int, len(codes))
	b = binary.AppendUvarint(b, uint64(len(codes)))
	for i, c := range codes {
		adminIdx[c] = i
		b = appendStr(b, c)
		b = appendStr(b, admin1[c])
	}
	var feats []string
	for _, r := range recs {
		feats = append(feats, r.Feature)
	}
	slices.Sort(feats)
	feats = slices.Compact(feats)
	if len(feats) > 256 {
		return nil, nil, fmt.Errorf("gazetteer: %d feature codes, at most 256 fit", len(feats))
	}
	b = binary.AppendUvarint(b, uint64(len(feats)))
	for _, f := range feats {
		b = appendStr(b, f)
	}

	var keys []encKey
	ids := make(map[int]bool, len(recs))
	b = binary.AppendUvarint(b, uint64(len(recs)))
	for pi, r := range recs {
		if len(r.Country) != 2 {
			return nil, nil, fmt.Errorf("gazetteer: place %d (%s): country %q is not two letters", r.ID, r.Name, r.Country)
		}
		if ids[r.ID] || r.ID <= 0 || r.ID > math.MaxInt32 {
			return nil, nil, fmt.Errorf("gazetteer: place id %d appears twice or is out of range", r.ID)
		}
		ids[r.ID] = true
		if math.Abs(r.Lat) > 90 || math.Abs(r.Lon) > 180 {
			return nil, nil, fmt.Errorf("gazetteer: place %d (%s): position %g, %g out of range", r.ID, r.Name, r.Lat, r.Lon)
		}
		names := append([]string{r.Name}, r.Alts...)
		if len(names) > maxNames {
			names = names[:maxNames]
		}
		b = binary.AppendUvarint(b, uint64(len(names)))
		own := countryScript[r.Country]
		seen := map[string]bool{}
		for ni, n := range names {
			b = appendStr(b, n)
			var flags byte
			if ni == 0 || (own != 0 && ScriptOf(n) == own) {
				flags = flagPrimary
			}
			k := Fold(n)
			ks := []string{k}
			if s, ok := Stem(k); ok {
				ks = append(ks, s)
			}
			for _, k := range ks {
				if k == "" || len(k) > 255 || seen[k] {
					continue
				}
				seen[k] = true
				// A stem's name is never ASCII, so whether the decoder
				// derives a key depends on its name alone.
				keys = append(keys, encKey{k: k, place: pi, name: ni, flags: flags, ascii: ascii(n)})
			}
		}
	}
	prev := 0
	for _, r := range recs {
		b = binary.AppendVarint(b, int64(r.ID-prev))
		prev = r.ID
	}
	for _, r := range recs {
		fi, _ := slices.BinarySearch(feats, r.Feature)
		b = append(b, byte(fi))
	}
	for _, r := range recs {
		b = append(b, r.Country...)
	}
	for _, r := range recs {
		ai := 0
		if i, ok := adminIdx[r.Country+"."+r.Admin1]; ok {
			ai = i + 1
		}
		b = binary.AppendUvarint(b, uint64(ai))
	}
	for _, r := range recs {
		b = binary.AppendUvarint(b, uint64(min(max(r.Population, 0), math.MaxUint32)))
	}
	for _, lon := range []bool{false, true} {
		prev := int64(0)
		for _, r := range recs {
			v := toUnits(r.Lat)
			if lon {
				v = toUnits(r.Lon)
			}
			b = binary.AppendVarint(b, v-prev)
			prev = v
		}
	}
	return b, keys, nil
}

// encodeKeys sorts the keys and writes part 2.
func encodeKeys(keys []encKey) []byte {
	slices.SortFunc(keys, func(x, y encKey) int {
		if c := strings.Compare(x.k, y.k); c != 0 {
			return c
		}
		return x.place - y.place
	})
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(k.place))
	}
	for _, k := range keys {
		b = append(b, byte(k.name))
	}
	for _, k := range keys {
		b = append(b, k.flags)
	}
	last := ""
	for _, k := range keys {
		if !k.ascii {
			shared := 0
			for shared < min(len(last), len(k.k), 255) && last[shared] == k.k[shared] {
				shared++
			}
			b = append(b, byte(shared))
			b = appendStr(b, k.k[shared:])
		}
		last = k.k
	}
	return b
}

func toUnits(deg float64) int64 { return int64(math.Round(deg * unit)) }

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
