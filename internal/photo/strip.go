package photo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// ErrCannotStrip is wrapped by Strip for kinds it cannot clean losslessly (TIFF, HEIF, GIF,
// PDF, text, other): the caller decides whether to leave the file out or keep it as is.
var ErrCannotStrip = errors.New("metadata cannot be stripped from this kind of file")

// Strip returns a copy of a JPEG, PNG or WebP file without its metadata, pixels untouched:
// the compressed image data is copied byte for byte. What is kept is what decoding needs
// (tables, colour profile, transparency, animation); everything else is dropped, so an
// unknown segment or chunk fails closed. Data after the end of the image (JPEG after EOI,
// PNG after IEND, WebP past the RIFF size: where phones append motion-photo videos and
// vendor trailers) is dropped too.
//
// Orientation is the one exception: a photo stored sideways must still display upright, so
// when the file's Orientation is not 1 Strip writes back a minimal EXIF block (JPEG APP1,
// PNG eXIf, WebP EXIF) holding only IFD0 with the Orientation tag, 26 bytes with nothing
// else that could identify the camera, the time or the place.
func Strip(data []byte) ([]byte, error) {
	k := sniffMagic(data[:min(len(data), SniffLen)])
	if err := CheckSize("file to strip", int64(len(data))); err != nil {
		return nil, err
	}
	in := readMeta(data, "")
	var orient []byte
	if in.Orientation != 1 {
		orient = orientationTIFF(in.Orientation)
	}
	switch k {
	case KindJPEG:
		return stripJPEG(data, orient)
	case KindPNG:
		return stripPNG(data, orient)
	case KindWebP:
		return stripWebP(data, orient)
	}
	return nil, fmt.Errorf("%w (%s)", ErrCannotStrip, k)
}

// orientationTIFF is a big-endian TIFF block with one IFD of one entry: Orientation.
func orientationTIFF(o int) []byte {
	b := []byte("MM\x00\x2a\x00\x00\x00\x08" + // header, IFD0 at 8
		"\x00\x01" + // one entry
		"\x01\x12\x00\x03\x00\x00\x00\x01\x00\x00\x00\x00" + // Orientation, SHORT, 1, value
		"\x00\x00\x00\x00") // no next IFD
	b[19] = byte(o) // big-endian SHORT in the first two of the four value bytes
	return b
}

// stripJPEG keeps SOI, APP0 JFIF (rewritten without its thumbnail), APP2 ICC_PROFILE, APP14
// Adobe (it says how to convert the colours), every non-APP segment needed to decode, the scans
// and EOI. It drops APP1 (Exif, XMP), APP13 (IPTC, Photoshop), COM, JFXX thumbnails, MPF and
// every other APPn.
func stripJPEG(b []byte, orient []byte) ([]byte, error) {
	out := make([]byte, 0, len(b))
	out = append(out, 0xFF, mSOI)
	wroteOrient := orient == nil
	addOrient := func() {
		if !wroteOrient {
			seg := append(append([]byte{}, exifPrefix...), orient...)
			out = append(out, 0xFF, mAPP1, byte((len(seg)+2)>>8), byte(len(seg)+2))
			out = append(out, seg...)
			wroteOrient = true
		}
	}
	first := true
	_, err := jpegSegments(b, func(s jpegSeg) bool {
		if first && !(s.marker == mAPP0 && bytes.HasPrefix(s.data, []byte("JFIF\x00"))) {
			addOrient() // no JFIF: Exif comes right after SOI
		}
		first = false
		switch {
		case s.marker == mAPP0:
			if bytes.HasPrefix(s.data, []byte("JFIF\x00")) && len(s.data) >= 12 {
				// Version, units and density kept; the thumbnail size set to 0x0 and dropped,
				// because a thumbnail can show what a crop removed.
				out = append(out, 0xFF, mAPP0, 0, 16)
				out = append(out, s.data[:12]...)
				out = append(out, 0, 0)
			}
			addOrient() // after JFIF, or here if a broken JFIF was dropped: never after the scans
		case s.marker == mAPP2:
			if bytes.HasPrefix(s.data, []byte("ICC_PROFILE\x00")) {
				out = append(out, b[s.start:s.end]...)
			}
		case s.marker == mAPPE:
			if bytes.HasPrefix(s.data, []byte("Adobe")) {
				out = append(out, b[s.start:s.end]...)
			}
		case s.marker >= mAPP0 && s.marker <= 0xEF, s.marker == mCOM:
			// dropped
		case s.marker == mSOI:
			// a stray second SOI: dropped
		default:
			out = append(out, b[s.start:s.end]...)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("strip: %w", err)
	}
	addOrient()
	return append(out, 0xFF, mEOI), nil
}

// pngKeep are the ancillary chunks that change how the image looks (colour, transparency,
// pixel size) or move (APNG). Critical chunks (upper-case first letter) are always kept.
var pngKeep = map[string]bool{
	"tRNS": true, "gAMA": true, "cHRM": true, "sRGB": true, "iCCP": true, "sBIT": true,
	"bKGD": true, "pHYs": true, "cICP": true, "mDCV": true, "cLLI": true, "mDCv": true, "cLLi": true,
	"acTL": true, "fcTL": true, "fdAT": true, "sPLT": true, "hIST": true,
}

// stripPNG drops eXIf, tEXt, iTXt, zTXt, tIME and every other ancillary chunk not in pngKeep.
func stripPNG(b []byte, orient []byte) ([]byte, error) {
	out := make([]byte, 0, len(b))
	out = append(out, pngSig...)
	first := true
	err := pngChunks(b, func(c pngChunk) bool {
		if first && c.typ != "IHDR" {
			return false // checked below: the PNG spec puts IHDR first, decoders refuse others
		}
		first = false
		critical := c.typ[0] >= 'A' && c.typ[0] <= 'Z'
		if critical || pngKeep[c.typ] {
			out = append(out, b[c.start:c.end]...)
		}
		if c.typ == "IHDR" && orient != nil {
			out = appendPNGChunk(out, "eXIf", orient)
		}
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("strip: %w", err)
	}
	if first || len(out) == len(pngSig) {
		return nil, fmt.Errorf("strip: PNG does not start with an IHDR chunk")
	}
	if !bytes.HasSuffix(out, []byte("IEND\xAE\x42\x60\x82")) {
		return nil, fmt.Errorf("strip: PNG has no IEND chunk")
	}
	return out, nil
}

func appendPNGChunk(out []byte, typ string, data []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(data)))
	start := len(out)
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}

// webpKeep are the chunks a decoder uses; EXIF, XMP and unknown chunks are dropped.
var webpKeep = map[string]bool{"VP8 ": true, "VP8L": true, "VP8X": true, "ALPH": true, "ANIM": true, "ANMF": true, "ICCP": true}

// stripWebP drops EXIF, XMP and unknown chunks, clears the VP8X EXIF and XMP flags (adding a
// VP8X, which is required to carry EXIF, when the orientation needs one) and fixes the RIFF size.
func stripWebP(b []byte, orient []byte) ([]byte, error) {
	var kept []riffChunk
	var vp8x []byte
	w, h, alpha := 0, 0, false
	err := webpChunks(b, func(c riffChunk) bool {
		if !webpKeep[c.id] {
			return true
		}
		if c.id == "VP8X" {
			if len(c.data) < 10 {
				return true // a broken VP8X is rebuilt below from the bitstream
			}
			vp8x = append([]byte{}, c.data[:10]...)
			return true
		}
		if w == 0 {
			w, h, alpha = webpSize(c.id, c.data)
		}
		kept = append(kept, c)
		return true
	})
	if err != nil {
		return nil, fmt.Errorf("strip: %w", err)
	}
	if vp8x == nil && orient != nil {
		if w <= 0 || h <= 0 {
			return nil, fmt.Errorf("strip: WebP has no readable image size to build a VP8X chunk")
		}
		vp8x = make([]byte, 10)
		putLE24(vp8x[4:], uint32(w-1))
		putLE24(vp8x[7:], uint32(h-1))
		if alpha {
			vp8x[0] |= 0x10
		}
	}
	out := make([]byte, 0, len(b))
	out = append(out, "RIFF\x00\x00\x00\x00WEBP"...)
	if vp8x != nil {
		vp8x[0] &^= 0x08 | 0x04 // EXIF and XMP flags
		if orient != nil {
			vp8x[0] |= 0x08
		}
		out = appendRIFFChunk(out, "VP8X", vp8x)
	}
	for _, c := range kept {
		out = append(out, b[c.start:c.end]...)
		if len(c.data)&1 == 1 && c.end-c.start == 8+len(c.data) { // pad byte missing at the end
			out = append(out, 0)
		}
	}
	if orient != nil {
		out = appendRIFFChunk(out, "EXIF", orient) // EXIF goes after the image data
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, nil
}

func appendRIFFChunk(out []byte, id string, data []byte) []byte {
	out = append(out, id...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(data)))
	out = append(out, data...)
	if len(data)&1 == 1 {
		out = append(out, 0)
	}
	return out
}

func putLE24(b []byte, v uint32) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }
