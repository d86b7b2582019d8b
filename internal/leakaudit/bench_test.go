package leakaudit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/siteatlas/siteatlas/internal/sitegen"
)

// benchFile is about size bytes of GeoJSON-like text from generated sites,
// escapes included (json.Marshal writes \u003c and Han as is).
func benchFile(size int) []byte {
	var buf bytes.Buffer
	for _, s := range sitegen.Sites(2000, 5) {
		b, _ := json.Marshal(s)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	one := buf.Bytes()
	out := make([]byte, 0, size+len(one))
	for len(out) < size {
		out = append(out, one...)
	}
	return out
}

// benchSecrets are n texts that share long prefixes with the file's text
// (source titles and notes with a suffix), the hard case for a matcher.
func benchSecrets(n int) *Secrets {
	var w []Secret
	sites := sitegen.Sites(n, 9)
	for i := range n {
		s := sites[i]
		t := s.Notes
		if len(s.Sources) > 0 && i%2 == 0 {
			t = s.Sources[0].Title
		}
		w = append(w, Secret{Field: "f", Text: fmt.Sprintf("%s #%d confidential", t, i)})
	}
	sec, _ := NewSecrets(w, nil)
	return sec
}

func BenchmarkScan100MB(b *testing.B) {
	file := benchFile(100 << 20)
	sec := benchSecrets(5000)
	b.SetBytes(int64(len(file)))
	b.ResetTimer()
	for range b.N {
		got, err := sec.Scan(bytes.NewReader(file), int64(len(file)), Text)
		if err != nil || len(got) != 0 {
			b.Fatal(err, got)
		}
	}
}

func BenchmarkBuild5000Secrets(b *testing.B) {
	for range b.N {
		benchSecrets(5000)
	}
}

// BenchmarkScan100MBAllEncodings is the worst case: the file has every
// escape character and a secret has a quote, so all four decodings run.
func BenchmarkScan100MBAllEncodings(b *testing.B) {
	file := benchFile(100 << 20)
	copy(file, `\n & ""`)
	var w []Secret
	for i := range 5000 {
		w = append(w, Secret{Field: "f", Text: fmt.Sprintf(`Daily NK report on "Hunchun" #%d`, i)})
	}
	sec, _ := NewSecrets(w, nil)
	b.SetBytes(int64(len(file)))
	b.ResetTimer()
	for range b.N {
		if got, err := sec.Scan(bytes.NewReader(file), int64(len(file)), Text); err != nil || len(got) != 0 {
			b.Fatal(err, got)
		}
	}
}
