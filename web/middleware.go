package web

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// buildHash identifies the templates and static files, so that validators
// change when a new version of Chancery renders pages differently.
func buildHash() string {
	h := sha256.New()
	for _, f := range []fs.FS{templateFS, staticFS} {
		fs.WalkDir(f, ".", func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := fs.ReadFile(f, path)
				h.Write([]byte(path))
				h.Write(b)
			}
			return nil
		})
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// contentPolicy is the Content-Security-Policy of every page: scripts,
// styles and images come from this server's /static/ files only (no
// inline script, style or event handler), nothing is embedded, and no
// other site may frame the reader.
const contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// standalonePolicy is the Content-Security-Policy of exported files: a
// standalone HTML export carries its stylesheet inline, so that it reads
// the same once saved, and runs no script.
const standalonePolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
}

// standalone serves exported files under standalonePolicy.
func standalone(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", standalonePolicy)
		h(w, r)
	}
}

// Static files' caching: at a versioned address (/static/style.css?v=BUILD,
// as the asset template function writes it) for a year, since the address
// changes with the content; otherwise for an hour.
const (
	cacheVersioned   = "public, max-age=31536000, immutable"
	cacheUnversioned = "public, max-age=3600"
)

// isStatic reports whether a path is one of the static files.
func isStatic(path string) bool {
	return strings.HasPrefix(path, "/static/") || path == "/favicon.ico"
}

// cacheable answers conditional requests: the corpus changes only on
// ingest, so every page of one corpus generation and one build has the
// same validator. A request whose If-None-Match matches gets 304.
//
// It returns the request, carrying the generation it read for the
// handlers to use.
func (s *Server) cacheable(w http.ResponseWriter, r *http.Request) (*http.Request, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return r, false
	}
	var tag string
	if isStatic(r.URL.Path) {
		tag = `"` + s.build + `"`
		if r.URL.Query().Get("v") == s.build {
			w.Header().Set("Cache-Control", cacheVersioned)
		} else {
			w.Header().Set("Cache-Control", cacheUnversioned)
		}
	} else {
		gen, err := s.store.Generation(r.Context())
		if err != nil {
			return r, false
		}
		r = r.WithContext(context.WithValue(r.Context(), genKey{}, gen))
		tag = `W/"` + strconv.FormatInt(gen, 10) + "-" + s.build + `"`
		w.Header().Set("Cache-Control", "public, max-age=60")
		if gen > 0 {
			modified := time.Unix(0, gen).UTC()
			w.Header().Set("Last-Modified", modified.Format(http.TimeFormat))
			if r.Header.Get("If-None-Match") == "" {
				if since, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !modified.Truncate(time.Second).After(since) {
					w.WriteHeader(http.StatusNotModified)
					return r, true
				}
			}
		}
	}
	w.Header().Set("ETag", tag)
	for _, t := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if t = strings.TrimSpace(t); t == tag || t == "*" || strings.TrimPrefix(t, "W/") == strings.TrimPrefix(tag, "W/") {
			w.WriteHeader(http.StatusNotModified)
			return r, true
		}
	}
	return r, false
}

var gzipPool = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed); return w }}

// gzipWriter compresses text responses for clients that accept gzip.
type gzipWriter struct {
	http.ResponseWriter
	gz      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided {
		g.decided = true
		h := g.Header()
		ct := h.Get("Content-Type")
		if code != http.StatusNotModified && code != http.StatusNoContent && h.Get("Content-Encoding") == "" &&
			(strings.HasPrefix(ct, "text/") || strings.HasPrefix(ct, "application/json") || strings.HasPrefix(ct, "application/x-")) {
			h.Del("Content-Length")
			h.Set("Content-Encoding", "gzip")
			g.gz = gzipPool.Get().(*gzip.Writer)
			g.gz.Reset(g.ResponseWriter)
		}
		h.Add("Vary", "Accept-Encoding")
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if !g.decided {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(b))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.gz != nil {
		return g.gz.Write(b)
	}
	return g.ResponseWriter.Write(b)
}

func (g *gzipWriter) close() {
	if g.gz != nil {
		g.gz.Close()
		gzipPool.Put(g.gz)
		g.gz = nil
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		if strings.TrimSpace(strings.SplitN(part, ";", 2)[0]) == "gzip" {
			return true
		}
	}
	return false
}

var _ io.Writer = (*gzipWriter)(nil)
