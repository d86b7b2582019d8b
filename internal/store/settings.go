package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
)

const (
	settingExportSalt = "export_salt"
	saltBytes         = 32
)

// ExportSalt is the database's secret for export profiles: made once, on
// first use, from the system's random source, and kept only here. Two
// exports with one profile then displace every site alike, and nobody
// without the database can recompute the offsets.
func (s *Store) ExportSalt(ctx context.Context) ([]byte, error) {
	var salt []byte
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingExportSalt).Scan(&salt)
	if err == nil && len(salt) >= 16 {
		return salt, nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("reading the export salt: %w", err)
	}
	fresh := make([]byte, saltBytes)
	if _, err := rand.Read(fresh); err != nil {
		return nil, fmt.Errorf("making the export salt: %w", err)
	}
	// Another process may have made one meanwhile: the first one stays.
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, settingExportSalt, fresh); err != nil {
		return nil, fmt.Errorf("storing the export salt: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingExportSalt).Scan(&salt); err != nil {
		return nil, fmt.Errorf("reading the export salt: %w", err)
	}
	return salt, nil
}

// Setting returns the value of a database setting, and false when unset.
func (s *Store) Setting(ctx context.Context, key string) ([]byte, bool, error) {
	var v []byte
	err := s.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading setting %s: %w", key, err)
	}
	return v, true, nil
}

// SetSetting stores a database setting.
func (s *Store) SetSetting(ctx context.Context, key string, value []byte) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return fmt.Errorf("storing setting %s: %w", key, err)
	}
	return nil
}
