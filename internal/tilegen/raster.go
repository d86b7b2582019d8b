package tilegen

import (
	"bytes"
	"context"
	"image"
	"image/png"

	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// Raster returns tile t drawn by m (the embedded world, no overlay) as a
// 256-pixel PNG: a raster tile set that needs no other tool.
func Raster(m *render.Map, t tiles.TileID) ([]byte, error) {
	b := t.Bound()
	v := render.NewViewport(b.Center(), float64(t.Z), render.TileSize, render.TileSize)
	// The centre in lon/lat of a tile is not its Mercator centre: fit
	// the bound exactly instead.
	v.FitBound(b, 0)
	v.Zoom = float64(t.Z)
	img := image.NewRGBA(image.Rect(0, 0, render.TileSize, render.TileSize))
	m.Draw(img, v, render.DrawOptions{NoOverlay: true})
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteRasterMBTiles writes PNG tiles of o drawn by m to an MBTiles file.
func WriteRasterMBTiles(ctx context.Context, m *render.Map, path string, o Options) error {
	w, err := tiles.CreateMBTiles(path)
	if err != nil {
		return err
	}
	defer w.Close()
	for _, t := range o.Tiles() {
		b, err := Raster(m, t)
		if err != nil {
			return err
		}
		if err := w.Put(ctx, t, b); err != nil {
			return err
		}
	}
	md := metadata(o)
	md.Format, md.VectorLayers, md.Name = tiles.FormatPNG, nil, "Natural Earth raster (Site Atlas tilegen)"
	if err := w.SetMetadata(md); err != nil {
		return err
	}
	return w.Close()
}
