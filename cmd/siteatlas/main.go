// Command siteatlas is Site Atlas: with no arguments it opens the window;
// its subcommands import, export, list, check and render for scripts.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	_ "github.com/siteatlas/siteatlas/internal/plainlocale" // before Fyne's init: see the package
)

// command is one subcommand: its name, a line of help and what it runs.
type command struct {
	name, usage, help string
	run               func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"import", "import [--db PATH] [--replace] [--identity KEY | --passphrase-file F] FILE...", "import GeoJSON, newline-delimited GeoJSON, CSV, KML, KMZ, GPX, GeoPackage or Shapefile (.shp with its .dbf/.prj/.cpg, or a .zip) files in one transaction, .age-encrypted ones too; a site already stored is updated with what the file carries and keeps the rest (--replace: the file's record replaces it)", runImport},
		{"export", "export [--db PATH] [-o FILE|-] [--format geojson|csv|kml|gpx|gpkg] [filters] [--include-confidential | --profile Public|Partner|Internal] [--encrypt-to age1… | --passphrase-file F]", "export sites as RFC 7946 GeoJSON, CSV, KML, GPX or GeoPackage (by the file name or --format); a profile generalises positions, pseudonymises sources and has the file read back for leaks before it is kept; -o NAME.geojson.age encrypts it with age", runExport},
		{"list", "list [--db PATH] [filters] [--limit N] [--json]", "list the sites that match the filters", runList},
		{"check", "check FILE...", "validate files without importing; exit 1 with the problems", runCheck},
		{"render", "render [--db PATH] (--bbox W,S,E,N | --center LON,LAT --zoom Z) [--size 1280x800] [filters] [--select ID] -o map.png",
			"draw the map as a PNG, without a window", runRender},
		{"report", "report -o report.pdf [--db PATH] [filters] [--profile Public|Partner|Internal] [--title T] [--author A] [--date D] [--paper a4|a4-landscape|a3|letter] [--no-maps]",
			"write a PDF report of the sites (title page, overview map, a section per site with its sources and timeline, a table of sources) through an export profile; the leak audit reads it before it is put in place", runReport},
		{"undo", "undo [--db PATH]", "revert the last change (an edit, a move, an import, a delete), as Edit > Undo in the window", runUndo},
		{"redo", "redo [--db PATH]", "reapply the last change undone", runRedo},
		{"history", "history [--db PATH] [--limit N] [--json]", "list the database's changes, newest first, with those that can be redone", runHistory},
		{"measure", "measure --site ID [--db PATH] [--json]", "print a line's geodesic length, or an outline's area and perimeter (WGS84), in metres and square metres", runMeasure},
		{"duplicates", "duplicates [--db PATH] [--json]", "list pairs of sites that may be one place: near each other, with names that match across scripts and spellings (图们 朝鲜工业园区 ~ North Korean industrial complex, Tumen), with a score and the reasons", runDuplicates},
		{"attach", "attach --site ID [--db PATH] [--caption TEXT] [--confidential] FILE...", "store photos and documents (up to 100 MB each) with a site, with their SHA-256, position and time; each is undoable", runAttach},
		{"photos", "photos info FILE... [--json]", "print what a photo says of itself: position, time taken, camera, orientation, and its SHA-256", runPhotos},
		{"places", "places QUERY [--limit N] [--json]", "find places by name in any script (图们, 옌지, Dandong) or read a position in any notation, from the built-in GeoNames gazetteer, offline", runPlaces},
		{"sync", "sync --server postgres://user@host/db [--db PATH] [--project NAME] [--user NAME] [--trusted] | sync --status", "sync with a team project on PostgreSQL + PostGIS: pull the others' changes (three-way merge, conflicts kept for review), push yours; resumable", runSync},
		{"tiles", "tiles download --url TEMPLATE --bbox W,S,E,N --zoom 10-15 -o area.mbtiles [--attribution TEXT] | tiles info FILE...", "download an area of a tile server into an MBTiles file for offline use; describe tile files", runTiles},
	}
}

// errUsage asks main to print usage and exit 2.
var errUsage = errors.New("usage")

// exitError carries an exit status without another message.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func main() {
	attachConsole()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-db") || strings.HasPrefix(args[0], "--db") || opensFile(args[0]) {
		return runWindow(args, stderr)
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "help" {
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		var code exitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &code):
			return int(code)
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "usage: siteatlas %s\n", c.usage)
			return 2
		default:
			fmt.Fprintf(stderr, "siteatlas %s: %v\n", name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "siteatlas: unknown command %q\n\n", name)
	usage(stderr)
	return 2
}

// opensFile says whether the first argument is a file to open in the window
// (a file manager's "Open with", the desktop entry's %F) rather than a
// command: an existing path that no command is named.
func opensFile(arg string) bool {
	for _, c := range commands {
		if c.name == arg {
			return false
		}
	}
	if strings.HasPrefix(arg, "file://") {
		return true
	}
	_, err := os.Stat(arg)
	return err == nil
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Site Atlas: a map of reported industrial sites, their sources and observations.")
	fmt.Fprintln(w, "\nUsage:\n  siteatlas [--db PATH] [FILE...]\n      open the window; FILEs are offered for import")
	for _, c := range commands {
		fmt.Fprintf(w, "  siteatlas %s\n      %s\n", c.usage, c.help)
	}
	fmt.Fprintln(w, "\nThe database is --db PATH, else $SITEATLAS_DB, else $XDG_DATA_HOME/siteatlas/atlas.db.")
	fmt.Fprintln(w, "Filters: --bbox W,S,E,N  --q TEXT  --category C  --status S (each may be repeated or comma-separated).")
}
