package photo

import (
	"encoding/binary"
	"fmt"
)

var pngSig = []byte("\x89PNG\r\n\x1a\n")

type pngChunk struct {
	typ        string
	start, end int // the whole chunk: length, type, data, CRC
	data       []byte
}

// pngChunks walks the chunks after the signature up to and including IEND.
func pngChunks(b []byte, fn func(c pngChunk) bool) error {
	if len(b) < len(pngSig) || string(b[:len(pngSig)]) != string(pngSig) {
		return fmt.Errorf("PNG: no signature at offset 0")
	}
	i := len(pngSig)
	for {
		if i+12 > len(b) {
			return fmt.Errorf("PNG: chunk at offset %d is cut short (%d bytes left)", i, len(b)-i)
		}
		n := uint64(binary.BigEndian.Uint32(b[i:]))
		if uint64(i)+12+n > uint64(len(b)) {
			return fmt.Errorf("PNG: chunk %q at offset %d claims %d bytes, %d are left", b[i+4:i+8], i, n, len(b)-i-12)
		}
		c := pngChunk{typ: string(b[i+4 : i+8]), start: i, end: i + 12 + int(n), data: b[i+8 : i+8+int(n)]}
		if !fn(c) || c.typ == "IEND" {
			return nil
		}
		i = c.end
	}
}

func pngMeta(b []byte) (exif []byte, w, h int, err error) {
	err = pngChunks(b, func(c pngChunk) bool {
		switch c.typ {
		case "IHDR":
			if len(c.data) >= 8 {
				w, h = int(binary.BigEndian.Uint32(c.data)), int(binary.BigEndian.Uint32(c.data[4:]))
			}
		case "eXIf":
			if exif == nil {
				exif = c.data
			}
		}
		return true
	})
	return exif, w, h, err
}
