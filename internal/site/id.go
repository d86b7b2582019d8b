package site

import "github.com/google/uuid"

// NewID returns a new random site, source or observation ID.
func NewID() string { return uuid.NewString() }
