package layout

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
)

// svgFonts names the fonts the PNG and PDF use; an editor that lacks them
// substitutes its own sans-serif.
const svgFonts = "'Noto Sans', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif"

// WriteSVG writes the sheet as SVG 1.1: text as <text> (searchable and
// editable), marks and frames as paths, the map rasters as embedded PNG.
func (sh *Sheet) WriteSVG(w io.Writer) error {
	bw := bufio.NewWriter(w)
	W, H := num(sh.Size.W), num(sh.Size.H)
	fmt.Fprintf(bw, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(bw, "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"%spt\" height=\"%spt\" viewBox=\"0 0 %s %s\">\n", W, H, W, H)
	if sh.Title != "" {
		fmt.Fprintf(bw, "<title>%s</title>\n", esc(sh.Title))
	}
	fmt.Fprintf(bw, "<rect width=\"%s\" height=\"%s\" fill=\"#ffffff\"/>\n", W, H)
	// A marker drawn many times is stored once.
	ids := map[*image.RGBA]string{}
	for _, it := range sh.Items {
		switch it := it.(type) {
		case Picture:
			id, ok := ids[it.Img]
			b := it.Box
			if ok {
				fmt.Fprintf(bw, "<use xlink:href=\"#%s\" transform=\"translate(%s %s)\"/>\n", id, num(b.X), num(b.Y))
				continue
			}
			data, err := pngData(it.Img)
			if err != nil {
				return err
			}
			id = "img" + strconv.Itoa(len(ids)+1)
			ids[it.Img] = id
			fmt.Fprintf(bw, "<svg x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" overflow=\"visible\"><image id=\"%s\" width=\"%s\" height=\"%s\" preserveAspectRatio=\"none\" xlink:href=\"data:image/png;base64,%s\"/></svg>\n",
				num(b.X), num(b.Y), num(b.W), num(b.H), id, num(b.W), num(b.H), data)
		case Shape:
			var d strings.Builder
			for i, p := range it.Pts {
				if i == 0 {
					d.WriteString("M")
				} else {
					d.WriteString(" L")
				}
				d.WriteString(num(p.X) + " " + num(p.Y))
			}
			if it.Closed {
				d.WriteString(" Z")
			}
			fill, stroke := "none", ""
			if it.Fill != nil {
				fill = hex(*it.Fill)
			}
			if it.Stroke != nil {
				stroke = fmt.Sprintf(" stroke=\"%s\" stroke-width=\"%s\" stroke-linejoin=\"miter\"", hex(*it.Stroke), num(it.Width))
			}
			fmt.Fprintf(bw, "<path d=\"%s\" fill=\"%s\"%s/>\n", d.String(), fill, stroke)
		case Text:
			anchor := ""
			switch it.Align {
			case Middle:
				anchor = " text-anchor=\"middle\""
			case End:
				anchor = " text-anchor=\"end\""
			}
			halo := ""
			if it.Halo {
				halo = fmt.Sprintf(" stroke=\"#f4f4f4\" stroke-width=\"%s\" stroke-linejoin=\"round\" paint-order=\"stroke\"", num(it.Size*0.25))
			}
			fmt.Fprintf(bw, "<text x=\"%s\" y=\"%s\" font-family=\"%s\" font-size=\"%s\" fill=\"%s\"%s%s>%s</text>\n",
				num(it.X), num(it.Y), svgFonts, num(it.Size), hex(it.Color), anchor, halo, esc(it.S))
		}
	}
	fmt.Fprintf(bw, "</svg>\n")
	return bw.Flush()
}

func pngData(img *image.RGBA) (string, error) {
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img); err != nil {
		return "", fmt.Errorf("layout: %w", err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes()), nil
}

func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// num writes a coordinate with at most 3 decimals and no "-0".
func num(v float64) string {
	v = math.Round(v*1000) / 1000
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return "0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}
