// Package photo reads, cleans and previews the bytes of attachments: photos and documents
// kept as evidence. It does no I/O beyond the bytes it is given and imports no UI or store.
//
//   - Sniff says what a file is (JPEG, PNG, WebP, TIFF, HEIC/HEIF/AVIF, GIF, PDF, text) from
//     its magic bytes, falling back to the extension; Kind.MediaType gives the media type.
//   - CheckSize refuses files over MaxBytes (100 MiB) with a message naming file, size, limit.
//   - Read returns an Info: kind, size, SHA-256 (so a researcher can prove later that a file
//     is the one received), and from EXIF the position (orb.Point{lon, lat}, signs from the
//     N/S/E/W refs), altitude, time taken (with its offset when the file has one), GPS time,
//     make and model, orientation and pixel size. EXIF is found in JPEG APP1, PNG eXIf, WebP
//     EXIF chunks, TIFF itself and the HEIF 'Exif' item (iinf/iloc, in mdat or idat). Read never
//     decodes pixels, so its memory does not grow with the file. What it cannot read is listed
//     in Info.Problems with where it went wrong; no position is ever reported as (0, 0).
//   - Strip removes metadata losslessly from JPEG, PNG and WebP (segments and chunks dropped,
//     compressed image data copied byte for byte), keeping only a minimal EXIF block with the
//     Orientation when it is not 1, so the photo still displays upright. Other kinds return an
//     error wrapping ErrCannotStrip and the caller decides.
//   - Thumbnail decodes (JPEG, PNG, GIF, WebP, TIFF), scales down with Catmull-Rom and draws
//     the result upright for all eight orientations; HEIC/HEIF/AVIF give ErrCannotDecode so
//     the caller shows a plain icon (no pure-Go HEVC or AV1 decoder exists).
//
// The EXIF reader is our own small TIFF-IFD reader (tiff.go) rather than
// github.com/dsoprea/go-exif/v3: that library signals errors by panicking (639 log.Panic calls
// in v3.0.1, caught by recover inside it), adds six modules, and does not find EXIF in PNG,
// WebP or HEIF containers, which is most of the work here. Ours reads only IFD0 and the Exif
// and GPS IFDs, checks every offset before using it and is fuzzed (FuzzRead, FuzzStrip,
// FuzzThumbnail).
package photo
