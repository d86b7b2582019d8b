package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/siteatlas/siteatlas/internal/agecrypt"
	"github.com/siteatlas/siteatlas/internal/geoio"
	"github.com/siteatlas/siteatlas/internal/leakaudit"
	"github.com/siteatlas/siteatlas/internal/share"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// ErrLeak is what the leak audit stops an export with: the written file
// carried something its profile withholds. The file is not kept.
var ErrLeak = errors.New("the written file carries withheld data")

// ProfileByName is a built-in export profile by its name (any case):
// Public, Partner or Internal.
func ProfileByName(name string) (share.Profile, error) {
	if p, ok := share.Builtin(name); ok {
		return p, nil
	}
	var names []string
	for _, p := range share.Builtins() {
		names = append(names, p.Name)
	}
	return share.Profile{}, fmt.Errorf("no export profile %q: use %s", name, strings.Join(names, ", "))
}

// profileSession starts the profile of opts, with the database's salt, and
// gathers the withheld texts the audit will look for; nil for a plain
// export.
func profileSession(ctx context.Context, st *store.Store, opts ExportOptions) (*share.Session, error) {
	if opts.Profile == nil {
		return nil, nil
	}
	salt, err := st.ExportSalt(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	x, err := share.NewSession(*opts.Profile, share.Env{Salt: salt})
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	x.CollectSecrets()
	return x, nil
}

// auditFile reads back the file at path, written through session, and
// refuses it when it carries any text the profile withholds. The finding
// names the field, never the text. It returns how many texts it sought.
func auditFile(path, kindName string, session *share.Session) (int, error) {
	secrets, _ := session.Secrets()
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("export: reading the file back for the leak audit: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("export: reading the file back for the leak audit: %w", err)
	}
	found, err := secrets.Scan(f, fi.Size(), leakaudit.KindForName(kindName))
	if err != nil {
		return 0, fmt.Errorf("export: the leak audit could not read the file back, so it was not kept: %w", err)
	}
	if len(found) > 0 {
		var where []string
		for i, fd := range found {
			if i == 5 {
				where = append(where, fmt.Sprintf("and %d more", len(found)-5))
				break
			}
			where = append(where, fd.String())
		}
		return 0, fmt.Errorf("export stopped, no file written: %w under profile %q: %s", ErrLeak, session.Profile().Name, strings.Join(where, "; "))
	}
	return secrets.Len(), nil
}

// encrypting says whether opts asks for an age-encrypted file.
func (opts ExportOptions) encrypting() bool { return opts.Passphrase != "" || len(opts.Recipients) > 0 }

// encryptTo writes the plain file at plainPath to dst, encrypted with age
// to the passphrase or the recipients of opts.
func encryptTo(dst io.Writer, plainPath string, opts ExportOptions) error {
	src, err := os.Open(plainPath)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer src.Close()
	var w io.WriteCloser
	if opts.Passphrase != "" {
		w, err = agecrypt.EncryptPassphrase(dst, opts.Passphrase, agecrypt.Options{})
	} else {
		w, err = agecrypt.EncryptTo(dst, opts.Recipients, agecrypt.Options{})
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := io.Copy(w, src); err != nil {
		w.Close()
		return fmt.Errorf("export: encrypting: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("export: encrypting: %w", err)
	}
	return nil
}

// plainName is the file name without its .age, whose extension says the
// format: sites.geojson.age is GeoJSON.
func plainName(path string) string {
	if strings.EqualFold(filepath.Ext(path), ".age") {
		return path[:len(path)-len(".age")]
	}
	return path
}

// DecryptToTemp decrypts an .age file with a passphrase or an identity
// file into a private temporary folder, as the file's own name without
// .age (so that its extension says the format and reports name it), and
// returns that path and a function removing it. age checks what it
// decrypts as it reads, so the whole file is decrypted before any of it
// is imported.
func DecryptToTemp(path, passphrase, identityFile string) (string, func(), error) {
	src, err := os.Open(path)
	if err != nil {
		return "", nil, err
	}
	defer src.Close()
	var r io.Reader
	switch {
	case identityFile != "":
		r, err = agecrypt.DecryptIdentityFile(src, identityFile)
	case passphrase != "":
		r, err = agecrypt.DecryptPassphrase(src, passphrase)
	default:
		return "", nil, fmt.Errorf("%s is encrypted: give the passphrase (--passphrase-file) or your key (--identity)", filepath.Base(path))
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	dir, err := os.MkdirTemp("", "siteatlas-decrypted-*")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	out := filepath.Join(dir, filepath.Base(plainName(path)))
	f, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err == nil {
		_, err = io.Copy(f, r)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("%s: decrypting: %w", filepath.Base(path), err)
	}
	return out, cleanup, nil
}

// leakyWriter is where a test puts a writer that leaks the stored site s,
// to show that the audit catches what a faulty writer would let out.
var leakyWriter = func(w geoio.Writer, _ site.Site) geoio.Writer { return w }
