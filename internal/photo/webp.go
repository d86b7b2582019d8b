package photo

import (
	"encoding/binary"
	"fmt"
)

type riffChunk struct {
	id         string
	start, end int // including the header and the pad byte
	data       []byte
}

// webpChunks walks the chunks of a RIFF WEBP file, within the RIFF size.
func webpChunks(b []byte, fn func(c riffChunk) bool) error {
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return fmt.Errorf("WebP: no RIFF/WEBP header at offset 0")
	}
	end := uint64(binary.LittleEndian.Uint32(b[4:8])) + 8
	if end > uint64(len(b)) {
		return fmt.Errorf("WebP: RIFF size says %d bytes, the file has %d", end, len(b))
	}
	i := uint64(12)
	for i < end {
		if i+8 > end {
			return fmt.Errorf("WebP: chunk header at offset %d is cut short", i)
		}
		n := uint64(binary.LittleEndian.Uint32(b[i+4:]))
		if i+8+n > end {
			return fmt.Errorf("WebP: chunk %q at offset %d claims %d bytes, %d are left", b[i:i+4], i, n, end-i-8)
		}
		c := riffChunk{id: string(b[i : i+4]), start: int(i), data: b[i+8 : i+8+n]}
		i += 8 + n + n&1
		c.end = int(min(i, end))
		if !fn(c) {
			return nil
		}
	}
	return nil
}

// webpSize reads the canvas size from VP8X, or the bitstream size from VP8 or VP8L.
func webpSize(id string, d []byte) (w, h int, alpha bool) {
	switch {
	case id == "VP8X" && len(d) >= 10:
		return 1 + int(le24(d[4:])), 1 + int(le24(d[7:])), d[0]&0x10 != 0
	case id == "VP8 " && len(d) >= 10 && d[3] == 0x9d && d[4] == 0x01 && d[5] == 0x2a:
		return int(binary.LittleEndian.Uint16(d[6:]) & 0x3fff), int(binary.LittleEndian.Uint16(d[8:]) & 0x3fff), false
	case id == "VP8L" && len(d) >= 5 && d[0] == 0x2f:
		v := binary.LittleEndian.Uint32(d[1:])
		return 1 + int(v&0x3fff), 1 + int(v>>14&0x3fff), v>>28&1 != 0
	}
	return 0, 0, false
}

func webpMeta(b []byte) (exif []byte, w, h int, err error) {
	err = webpChunks(b, func(c riffChunk) bool {
		switch c.id {
		case "EXIF":
			if exif == nil {
				exif = c.data
			}
		case "VP8X", "VP8 ", "VP8L":
			if w == 0 {
				w, h, _ = webpSize(c.id, c.data)
			}
		}
		return true
	})
	// Some writers put "Exif\0\0" before the TIFF header in the chunk; exiftool accepts both.
	if len(exif) >= 6 && string(exif[:6]) == string(exifPrefix) {
		exif = exif[6:]
	}
	return exif, w, h, err
}

func le24(b []byte) uint32 { return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 }
func be32(b []byte) uint32 { return binary.BigEndian.Uint32(b) }
