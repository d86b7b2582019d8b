package photo

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
)

// A small TIFF/EXIF IFD reader. It reads IFD0 and the Exif and GPS sub-IFDs it points to, and
// nothing else: no maker notes, no thumbnails, no chains of IFDs, so hostile offsets can make
// it stop early but never loop or read out of bounds. Every offset is checked against the
// block before it is used, in 64-bit arithmetic so that count*size cannot overflow.
// (github.com/dsoprea/go-exif/v3 was considered and not used: it reports errors by panicking,
// 639 log.Panic calls in v3.0.1, pulls in six modules, and reads no PNG/WebP/HEIC containers.)

type tiffEntry struct {
	typ   uint16
	count uint32
	raw   []byte // exactly count*size(typ) bytes
}

type ifd map[uint16]tiffEntry

type exifData struct {
	bo              binary.ByteOrder
	ifd0, exif, gps ifd
	hasGPSIFD       bool
	badIFD0         bool // an IFD0 entry had an unknown type or pointed outside the block
	problems        []string
}

// Tags read; names as exiftool prints them.
const (
	tagImageWidth       = 0x0100
	tagImageLength      = 0x0101
	tagMake             = 0x010F
	tagModel            = 0x0110
	tagOrientation      = 0x0112
	tagDateTime         = 0x0132
	tagExifIFD          = 0x8769
	tagGPSIFD           = 0x8825
	tagDateTimeOriginal = 0x9003
	tagCreateDate       = 0x9004
	tagOffsetTime       = 0x9010
	tagOffsetTimeOrig   = 0x9011
	tagOffsetTimeDigit  = 0x9012
	tagPixelXDimension  = 0xA002
	tagPixelYDimension  = 0xA003
	tagGPSLatitudeRef   = 0x0001
	tagGPSLatitude      = 0x0002
	tagGPSLongitudeRef  = 0x0003
	tagGPSLongitude     = 0x0004
	tagGPSAltitudeRef   = 0x0005
	tagGPSAltitude      = 0x0006
	tagGPSTimeStamp     = 0x0007
	tagGPSStatus        = 0x0009
	tagGPSDateStamp     = 0x001D
	maxIFDEntries       = 4096 // real IFDs hold a few dozen; more is junk or an attack
	typeByte, typeASCII = 1, 2
	typeShort, typeLong = 3, 4
	typeRational        = 5
	typeUndefined       = 7
	typeSRational       = 10
)

var typeSizes = [...]uint64{0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4}

// parseTIFF reads a TIFF header and its IFDs from b (which starts at "II*\0" or "MM\0*").
func parseTIFF(b []byte) (*exifData, error) {
	if len(b) < 8 {
		return nil, fmt.Errorf("TIFF header: %d bytes, need 8", len(b))
	}
	var bo binary.ByteOrder
	switch string(b[0:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return nil, fmt.Errorf("TIFF header: byte order %q is neither II nor MM", b[0:2])
	}
	if bo.Uint16(b[2:4]) != 42 {
		return nil, fmt.Errorf("TIFF header: magic %d, want 42", bo.Uint16(b[2:4]))
	}
	d := &exifData{bo: bo}
	var err error
	d.ifd0, err = d.readIFD(b, uint64(bo.Uint32(b[4:8])), "IFD0")
	if err != nil {
		return nil, err
	}
	if off, ok := d.ifd0.uint(bo, tagExifIFD); ok {
		if d.exif, err = d.readIFD(b, uint64(off), "ExifIFD"); err != nil {
			d.problems = append(d.problems, err.Error())
		}
	}
	if off, ok := d.ifd0.uint(bo, tagGPSIFD); ok {
		d.hasGPSIFD = true
		if d.gps, err = d.readIFD(b, uint64(off), "GPS IFD"); err != nil {
			d.problems = append(d.problems, err.Error())
		}
	}
	return d, nil
}

func (d *exifData) readIFD(b []byte, off uint64, name string) (ifd, error) {
	n := uint64(len(b))
	if off+2 > n {
		return nil, fmt.Errorf("%s at offset %d is past the end of the %d-byte EXIF block", name, off, n)
	}
	count := uint64(d.bo.Uint16(b[off:]))
	if count > maxIFDEntries {
		return nil, fmt.Errorf("%s at offset %d claims %d entries (more than %d)", name, off, count, maxIFDEntries)
	}
	if off+2+12*count > n {
		return nil, fmt.Errorf("%s at offset %d: %d entries run past the end of the %d-byte EXIF block", name, off, count, n)
	}
	out := make(ifd, count)
	for i := uint64(0); i < count; i++ {
		e := b[off+2+12*i : off+14+12*i]
		tag, typ, cnt := d.bo.Uint16(e[0:2]), d.bo.Uint16(e[2:4]), d.bo.Uint32(e[4:8])
		if typ == 0 || int(typ) >= len(typeSizes) {
			d.problems = append(d.problems, fmt.Sprintf("%s tag 0x%04X: unknown type %d, skipped", name, tag, typ))
			d.badIFD0 = d.badIFD0 || name == "IFD0"
			continue
		}
		size := typeSizes[typ] * uint64(cnt)
		var raw []byte
		if size <= 4 {
			raw = e[8 : 8+size]
		} else {
			vo := uint64(d.bo.Uint32(e[8:12]))
			if vo+size > n {
				d.problems = append(d.problems, fmt.Sprintf("%s tag 0x%04X: %d-byte value at offset %d is past the end of the %d-byte EXIF block", name, tag, size, vo, n))
				d.badIFD0 = d.badIFD0 || name == "IFD0"
				continue
			}
			raw = b[vo : vo+size]
		}
		if _, dup := out[tag]; !dup { // the first of duplicated tags wins, as in exiftool
			out[tag] = tiffEntry{typ: typ, count: cnt, raw: raw}
		}
	}
	return out, nil
}

// uint returns the first value of a BYTE, SHORT or LONG (or IFD) tag.
func (f ifd) uint(bo binary.ByteOrder, tag uint16) (uint32, bool) {
	e, ok := f[tag]
	if !ok || e.count == 0 {
		return 0, false
	}
	switch e.typ {
	case typeByte, typeUndefined:
		return uint32(e.raw[0]), true
	case typeShort:
		return uint32(bo.Uint16(e.raw)), true
	case typeLong, 13:
		return bo.Uint32(e.raw), true
	}
	return 0, false
}

// str returns an ASCII (or UNDEFINED) tag as a string cut at the first NUL, trimmed.
func (f ifd) str(tag uint16) (string, bool) {
	e, ok := f[tag]
	if !ok || (e.typ != typeASCII && e.typ != typeUndefined && e.typ != typeByte) {
		return "", false
	}
	s := string(e.raw)
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	return s, s != ""
}

// rationals returns want RATIONAL (or SRATIONAL) values; ok is false when the tag is absent,
// of another type, too short, or has a zero denominator.
func (f ifd) rationals(bo binary.ByteOrder, tag uint16, want int) ([]float64, bool) {
	e, ok := f[tag]
	if !ok || (e.typ != typeRational && e.typ != typeSRational) || int(e.count) < want {
		return nil, false
	}
	out := make([]float64, want)
	for i := range out {
		num, den := bo.Uint32(e.raw[8*i:]), bo.Uint32(e.raw[8*i+4:])
		if den == 0 {
			return nil, false
		}
		if e.typ == typeSRational {
			out[i] = float64(int32(num)) / float64(int32(den))
		} else {
			out[i] = float64(num) / float64(den)
		}
		if math.IsNaN(out[i]) || math.IsInf(out[i], 0) {
			return nil, false
		}
	}
	return out, true
}
