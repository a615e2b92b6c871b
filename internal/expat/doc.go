// Package expat is a benchmark baseline and nothing more: a bare parse of
// an XML document by libexpat, the C parser, counting its elements, so
// that the ingest benchmarks can be set against a C parser in the same
// `go test -bench` run.
//
// Parse exists only when built with cgo and the expat tag
// (`go test -tags expat`), and then links libexpat (libexpat1-dev on
// Debian). The default build leaves it out and stays pure Go; nothing but
// the baseline benchmark uses it.
package expat
