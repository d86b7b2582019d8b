module github.com/siteatlas/siteatlas

go 1.26.8

require (
	github.com/google/uuid v1.6.0
	github.com/paulmach/orb v0.14.0
)
