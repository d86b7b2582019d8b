package geoio

import (
	"bytes"
	"io"
	"testing"
)

// TestCloseMidStream closes readers part-way through big files while other
// readers run, as a cancelled import does. Under -race this caught a batch
// handed to two decoding workers at once: after Close, the scanner could
// still add a record to a batch already sent, and send it again.
func TestCloseMidStream(t *testing.T) {
	var buf bytes.Buffer
	pointFeatures(&buf, 5_000)
	data := buf.Bytes()
	for i := 0; i < 20; i++ {
		rd, err := NewReader("big.geojson", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < i*20; j++ {
			if _, err := rd.Next(); err != nil {
				t.Fatal(err)
			}
		}
		rd.Close()
		// The next reader reuses pooled batches while the closed one's
		// goroutines wind down.
		rd2, err := NewReader("again.geojson", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for {
			_, err := rd2.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		rd2.Close()
		if n != 5_000 {
			t.Fatalf("read %d features, want 5000", n)
		}
	}
}
