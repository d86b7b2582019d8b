package photo

import (
	"bytes"
	"fmt"
)

// JPEG structure: SOI, then marker segments (0xFF, a marker byte, a 2-byte big-endian length
// that counts itself, the payload) up to SOS; entropy-coded data follows, in which 0xFF is
// always followed by 0x00 (stuffing) or RSTn, so the next real marker can be found by
// scanning. Progressive files repeat DHT/SOS after the first scan; EOI ends the image.

type jpegSeg struct {
	marker byte
	start  int // offset of the 0xFF
	end    int // offset after the segment (after the entropy data, for SOS)
	data   []byte
}

const (
	mSOI  = 0xD8
	mEOI  = 0xD9
	mSOS  = 0xDA
	mAPP0 = 0xE0
	mAPP1 = 0xE1
	mAPP2 = 0xE2
	mAPPE = 0xEE
	mCOM  = 0xFE
)

var exifPrefix = []byte("Exif\x00\x00")

// jpegSegments walks b and calls fn for each segment; fn returns false to stop. For SOS the
// segment's end includes the entropy-coded data that follows it. It returns the offset just
// after EOI (or len(b) when the file ends without one) and an error for a broken structure.
func jpegSegments(b []byte, fn func(s jpegSeg) bool) (int, error) {
	if len(b) < 2 || b[0] != 0xFF || b[1] != mSOI {
		return 0, fmt.Errorf("JPEG: no SOI marker at offset 0")
	}
	i := 2
	for i < len(b) {
		if b[i] != 0xFF {
			return i, fmt.Errorf("JPEG: expected a marker at offset %d, found byte 0x%02X", i, b[i])
		}
		start := i
		for i < len(b) && b[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(b) {
			return len(b), fmt.Errorf("JPEG: file ends in fill bytes at offset %d", start)
		}
		m := b[i]
		i++
		switch {
		case m == mEOI:
			return i, nil
		case m == 0x01 || (m >= 0xD0 && m <= 0xD7) || m == mSOI: // standalone markers
			if !fn(jpegSeg{marker: m, start: start, end: i}) {
				return i, nil
			}
			continue
		}
		if i+2 > len(b) {
			return len(b), fmt.Errorf("JPEG: segment 0x%02X at offset %d has no length", m, start)
		}
		n := int(b[i])<<8 | int(b[i+1])
		if n < 2 || i+n > len(b) {
			return len(b), fmt.Errorf("JPEG: segment 0x%02X at offset %d claims %d bytes, %d are left", m, start, n, len(b)-i)
		}
		data := b[i+2 : i+n]
		i += n
		if m == mSOS {
			i = scanEntropy(b, i)
		}
		if !fn(jpegSeg{marker: m, start: start, end: i, data: data}) {
			return i, nil
		}
	}
	return len(b), fmt.Errorf("JPEG: no EOI marker before the end of the file")
}

// scanEntropy returns the offset of the first marker after entropy-coded data at i.
func scanEntropy(b []byte, i int) int {
	for {
		j := bytes.IndexByte(b[i:], 0xFF)
		if j < 0 {
			return len(b)
		}
		i += j
		if i+1 >= len(b) {
			return len(b)
		}
		c := b[i+1]
		if c == 0x00 || (c >= 0xD0 && c <= 0xD7) || c == 0xFF {
			i++
			continue
		}
		return i
	}
}

// jpegMeta finds the first Exif APP1 payload (from the TIFF header on) and the frame size.
func jpegMeta(b []byte) (exif []byte, w, h int, err error) {
	_, err = jpegSegments(b, func(s jpegSeg) bool {
		switch {
		case s.marker == mAPP1 && exif == nil && bytes.HasPrefix(s.data, exifPrefix):
			exif = s.data[len(exifPrefix):]
		case isSOF(s.marker) && len(s.data) >= 5:
			h = int(s.data[1])<<8 | int(s.data[2])
			w = int(s.data[3])<<8 | int(s.data[4])
		case s.marker == mSOS:
			return false // everything we read comes before the first scan
		}
		return true
	})
	return exif, w, h, err
}

func isSOF(m byte) bool {
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC
}
