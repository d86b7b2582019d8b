// Package tiles reads map tiles and draws them as layers of the renderer:
// local MBTiles and PMTiles v3 files (raster PNG/JPEG/WebP and Mapbox
// vector tiles), and an opt-in online XYZ source whose every tile is kept
// in an MBTiles-layout SQLite cache for offline use.
//
// Nothing here makes a network request unless the caller has configured a
// URL (NewOnlineSource, Download): no tile server is built in.
//
// # Sources
//
//	src, err := tiles.Open(path)        // MBTiles or PMTiles, told by content
//	md := src.Metadata()                // Name, Attribution, Format, MinZoom, MaxZoom, Bounds, Center
//	b, err := src.Tile(ctx, tiles.TileID{Z: 12, X: 3511, Y: 1515}) // XYZ; nil, nil when absent
//	src.Close()
//
// Open's errors say what is wrong ("the file is empty", ErrNotTiles,
// "directory compression brotli is not supported") for a dialog. MBTiles
// rows are flipped from TMS; gzip is removed; a missing "format" row is
// sniffed from the tiles. The PMTiles reader is our own (header, varint
// directories with leaves, run lengths, Hilbert tile ids; gzip or none).
//
// # Layers
//
//	l := tiles.NewLayer(src, tiles.LayerOptions{Opacity: 0.8})
//	opts.Layers = []render.Layer{l1, l2} // bottom first: the order is the slice order
//	l.SetOpacity(0.5); l.SetVisible(false); l.OnChange(func() { /* request a redraw */ })
//
// A *Layer is a render.Layer drawn over the embedded world and under the
// sites. It draws tiles of the zoom level nearest the view (vector tiles
// as 512-pixel tiles, raster tiles at their own size), and where a tile is
// missing its nearest ancestor scaled up, then nothing, so the embedded
// world shows: never a blank hole. Decoded tiles are kept in an LRU cache
// (LayerOptions.CacheBytes, 96 MB by default), missing ones read and
// decoded on all cores; a frame is drawn in horizontal bands on all cores,
// and a frame that only pans reuses the last frame's geometry and draws
// the uncovered strips. A Layer does not own its Source: close the source
// when the layer is dropped. The
// layer's Attribution joins the map's credit line while it is visible;
// LabelsPlaces tells the renderer to leave out the embedded place names
// where an opaque basemap layer draws its own; and as a render.LabelLayer
// its names are placed after the site markers (DrawGeometry, then
// DrawLabels through the frame's collider), so names give way to sites.
//
// Vector tiles are drawn with a built-in style for the OpenMapTiles schema,
// the Protomaps basemap layers and Mapbox Streets-like tiles: water, land
// cover and land use, buildings, roads by class with casings, rail,
// boundaries, and place, water and road names in the renderer's label font
// ("Tumen 图们" where the local name is in another script). An overlay
// (a vector file with neither water nor land layers) is drawn without a
// background, its named points labelled.
//
// # Online source
//
//	src, err := tiles.NewOnlineSource("https://tiles.example.org/{z}/{x}/{y}.png",
//		"© Example, © OpenStreetMap contributors", cacheDir, tiles.OnlineOptions{})
//	l := tiles.NewLayer(src, tiles.LayerOptions{})
//	src.Status()        // Online, Fetching, Fetched, Failures, BackoffUntil, LastError: the indicator
//	src.SetOnline(false) // serve from the cache only
//
// Tile never waits for the network: a tile not in the cache is queued
// (newest first, at most 512 waiting) and ErrPending returned; workers
// (OnlineOptions.Concurrency, 4) fetch with a timeout and the User-Agent
// "SiteAtlas/<Version>", store each tile in cacheDir/<host>-<hash>.mbtiles
// and call OnUpdate, which the layer turns into OnChange. Failures back
// off exponentially (1 s doubling to 2 min, or the server's Retry-After);
// a 404 is remembered as no tile. CacheFile and CacheStats describe the
// cache for a settings dialog. The cache file is a valid MBTiles: what was seen once stays
// available offline.
//
// # Area download
//
//	est := tiles.EstimateDownload(bound, 10, 15, tiles.FormatPNG) // Tiles, Bytes, PerZoom
//	p, err := tiles.Download(ctx, tiles.DownloadOptions{Template: t, Attribution: a,
//		Bound: bound, MinZoom: 10, MaxZoom: 15, Output: "area.mbtiles",
//		Progress: func(p tiles.DownloadProgress) { /* p.Done of p.Total */ }})
//
// Download writes a standalone MBTiles file (with DownloadOptions.CacheDir
// set to the online source's cache directory, tiles already seen are
// copied from there instead of fetched). It refuses more than
// MaxDownloadTiles (250,000) tiles with an error wrapping ErrTooManyTiles
// that says what would fit; cancelling ctx stops it with the file kept;
// running it again skips the tiles already there (resume). After 25
// failed requests in a row it stops and says to run it again.
package tiles
