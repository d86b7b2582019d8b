// Package tiles reads map tiles and draws them as layers of the renderer:
// local MBTiles and PMTiles v3 files (raster PNG/JPEG/WebP and Mapbox
// vector tiles), and an opt-in online XYZ source whose every tile is kept
// in an MBTiles-layout SQLite cache for offline use.
//
// Nothing here makes a network request unless the caller has configured a
// URL (NewOnlineSource, Download).
package tiles
