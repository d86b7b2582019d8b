package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
)

// Image is an image XObject of a Document; draw it with Page.Image as
// often as needed, it is stored once.
type Image struct {
	res        string
	w, h       int
	filter     string // "DCTDecode" or "FlateDecode"
	colorSpace string
	bpc        int
	decode     string
	data       []byte // encoded (JPEG) or raw samples (compressed at Write)
	alpha      []byte // raw 8-bit alpha, nil when opaque
}

// Size returns the image's pixel size.
func (img *Image) Size() (w, h int) { return img.w, img.h }

// AddJPEG adds a JPEG as is (DCTDecode): no decoding or re-encoding, so the
// bytes in the PDF are exactly data. Metadata segments (EXIF, XMP) are kept
// too: strip them before if they must not travel.
func (d *Document) AddJPEG(data []byte) (*Image, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("pdf: JPEG: %w", err)
	}
	img := &Image{w: cfg.Width, h: cfg.Height, filter: "DCTDecode", bpc: 8, data: data}
	switch cfg.ColorModel {
	case color.GrayModel:
		img.colorSpace = "/DeviceGray"
	case color.CMYKModel:
		// Adobe CMYK JPEGs store inverted values.
		img.colorSpace, img.decode = "/DeviceCMYK", "[1 0 1 0 1 0 1 0]"
	default:
		img.colorSpace = "/DeviceRGB"
	}
	return d.addImage(img), nil
}

// AddImage adds any image as 8-bit RGB samples compressed with Flate, and
// its alpha as a soft mask when any pixel is not opaque.
func (d *Document) AddImage(m image.Image) *Image {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	img := &Image{w: w, h: h, filter: "FlateDecode", colorSpace: "/DeviceRGB", bpc: 8}
	rgb := make([]byte, 0, 3*w*h)
	alpha := make([]byte, 0, w*h)
	opaque := true
	if n, ok := m.(*image.NRGBA); ok { // fast path: no per-pixel interface calls
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := n.Pix[n.PixOffset(b.Min.X, y):n.PixOffset(b.Max.X, y)]
			for i := 0; i < len(row); i += 4 {
				rgb = append(rgb, row[i], row[i+1], row[i+2])
				alpha = append(alpha, row[i+3])
				opaque = opaque && row[i+3] == 0xff
			}
		}
		img.data = rgb
		if !opaque {
			img.alpha = alpha
		}
		return d.addImage(img)
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			rgb = append(rgb, c.R, c.G, c.B)
			alpha = append(alpha, c.A)
			if c.A != 0xff {
				opaque = false
			}
		}
	}
	img.data = rgb
	if !opaque {
		img.alpha = alpha
	}
	return d.addImage(img)
}

func (d *Document) addImage(img *Image) *Image {
	img.res = fmt.Sprintf("Im%d", len(d.images)+1)
	d.images = append(d.images, img)
	return img
}
