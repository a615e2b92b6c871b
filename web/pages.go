package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/internal/counts"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the pages, each a template file with the shared layout.
var pageNames = []string{"home", "volumes", "volume", "division", "document", "search", "resolve", "people", "person", "network", "error"}

// parsePages parses every page with the layout and the functions all
// page templates share: asset, the versioned address of a static file;
// count and num, counts as people read them ("1 document", "8,371").
func parsePages(build string) (map[string]*template.Template, error) {
	funcs := template.FuncMap{"asset": assetURL(build), "count": counts.Of, "num": counts.Thousands}
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// assetURL returns the template function asset: {{asset "style.css"}} is
// /static/style.css?v=BUILD. The build changes with any template or static
// file, so a versioned address always names the same content and may be
// cached for good (see cacheable).
func assetURL(build string) func(string) (string, error) {
	return func(name string) (string, error) {
		if !fs.ValidPath(name) {
			return "", fmt.Errorf("asset %q: not a static file name", name)
		}
		if fi, err := fs.Stat(staticFS, "static/"+name); err != nil || fi.IsDir() {
			return "", fmt.Errorf("asset %q: no such file in web/static", name)
		}
		return "/static/" + name + "?v=" + build, nil
	}
}

// staticRoot holds the files served under /static/.
var staticRoot, _ = fs.Sub(staticFS, "static")

// static serves /static/NAME: the files of web/static, never a listing of
// a directory.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	s.serveStatic(w, r, strings.TrimPrefix(r.URL.Path, "/static/"))
}

// favicon serves /favicon.ico, which browsers ask for on their own: the
// SVG icon the pages link to.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) {
	s.serveStatic(w, r, "favicon.svg")
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request, name string) {
	if name != "" && fs.ValidPath(name) {
		if f, err := staticRoot.Open(name); err == nil {
			defer f.Close()
			fi, err := f.Stat()
			content, seekable := f.(io.ReadSeeker)
			if err == nil && !fi.IsDir() && seekable {
				http.ServeContent(w, r, name, time.Time{}, content)
				return
			}
		}
	}
	// A missing file is not cached for good, even at a versioned address.
	w.Header().Del("ETag")
	w.Header().Set("Cache-Control", "no-cache")
	s.notFound(w, r, "There is no file "+r.URL.Path+" here.", nil)
}

// page is what every page's template gets.
type page struct {
	Title string
	Query string
}

// render executes a page template into a buffer first, so that a failing
// template never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	b, err := s.execute(name, data)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}

// execute renders a page.
func (s *Server) execute(name string, data any) ([]byte, error) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// volumeCache keeps decoded volume records for the current generation,
// within byte budgets (volumeBytes estimates each one's): every volume's
// outline, and the few volumes last read whole.
type volumeCache struct {
	mu        sync.Mutex
	gen       int64
	vols      map[string]*outlineEntry
	bytes     int    // of vols
	clock     uint64 // counts reads, to order vols by their last
	list      []chancery.VolumeStats
	full      []fullEntry // whole volumes, most recently used first
	fullBytes int
}

// outlineEntry is a volume kept without its prose and pages (see slim).
type outlineEntry struct {
	v     *chancery.Volume
	prose volumeProse
	size  int
	used  uint64 // the clock when last read
}

// fullEntry is a volume kept whole.
type fullEntry struct {
	v    *chancery.Volume
	size int
}

// reset empties the cache for a new generation.
func (c *volumeCache) reset(gen int64) {
	c.gen, c.vols, c.bytes, c.list, c.full, c.fullBytes = gen, map[string]*outlineEntry{}, 0, nil, nil, 0
}

// volumeCacheBytes bounds the volumes' outlines kept (with up to
// proseBudget of their small prose each). Reading and decoding a volume's
// record takes about 12 ms; kept without prose and pages it takes 100 to
// 250 KB, so the whole series (some 550 volumes, about 100 MB) fits, and a
// page of any volume is served from memory once its volume has been read.
// The least recently read go first; one larger than volumeMaxBytes is not
// kept.
const (
	volumeCacheBytes = 128 << 20
	volumeMaxBytes   = volumeCacheBytes / 16
)

// put keeps a volume's outline and prose, dropping the least recently
// read ones until they fit within volumeCacheBytes.
func (c *volumeCache) put(id string, v *chancery.Volume, prose volumeProse) {
	size := volumeBytes(v)
	for _, enc := range prose.small {
		size += len(enc)
	}
	if size > volumeMaxBytes {
		return
	}
	if old, ok := c.vols[id]; ok {
		c.bytes -= old.size
	}
	c.clock++
	c.vols[id] = &outlineEntry{v: v, prose: prose, size: size, used: c.clock}
	c.bytes += size
	for c.bytes > volumeCacheBytes {
		var oldest string
		var at uint64
		for k, e := range c.vols {
			if oldest == "" || e.used < at {
				oldest, at = k, e.used
			}
		}
		c.bytes -= c.vols[oldest].size
		delete(c.vols, oldest)
	}
}

// filled reports whether the outlines kept come near their budget, so
// that reading more would drop some.
func (c *volumeCache) filled() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bytes > volumeCacheBytes-volumeMaxBytes
}

// proseOf returns what the cache keeps of a volume's prose, and whether
// it keeps the volume.
func (c *volumeCache) proseOf(id string) (volumeProse, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.vols[id]; ok {
		return e.prose, true
	}
	return volumeProse{}, false
}

// wholeVolume reports whether a division's prose is to be read with its
// whole volume: it is not kept with the cached copy, or the volume is not
// cached (dropped since it was read, or too large to keep).
func (s *Server) wholeVolume(vol, id string) bool {
	prose, ok := s.vcache.proseOf(vol)
	return !ok || prose.big[id]
}

// genKey holds, in a request's context, the corpus generation the
// request is served at: read once, by the validators, and used by the
// caches.
type genKey struct{}

func (s *Server) generation(ctx context.Context) (int64, error) {
	if g, ok := ctx.Value(genKey{}).(int64); ok {
		return g, nil
	}
	return s.store.Generation(ctx)
}

// proseBudget is the most bytes of divisions' prose that the cached copy
// of a volume keeps, encoded (some 20 bytes a node, decoded again for each
// view in well under a millisecond): chapters' introductions,
// compilations' notes, the lists of persons and terms are kept, in volume
// order while they fit, so that their pages need no read of the whole
// volume; an index or a list of papers (hundreds of kilobytes) is left
// out, and read with the whole volume.
const proseBudget = 48 << 10

// volumeProse is what the cache keeps of a volume's prose.
type volumeProse struct {
	small map[string][]byte // division id → its prose, encoded
	big   map[string]bool   // divisions whose prose is left out
}

// slim returns a copy of a volume for the cache: its structure without
// the divisions' prose and without its list of pages, which the pages
// that use the cache do not need; it keeps memory low when many volumes
// are read. The small prose is kept apart, encoded.
func slim(v *chancery.Volume) (*chancery.Volume, volumeProse) {
	c := *v
	c.Pages = nil
	prose := volumeProse{small: map[string][]byte{}, big: map[string]bool{}}
	budget := proseBudget
	c.Structure = stripContent(v.Structure, prose, &budget)
	return &c, prose
}

func stripContent(divs []chancery.Division, prose volumeProse, budget *int) []chancery.Division {
	out := make([]chancery.Division, len(divs))
	for i, d := range divs {
		if d.Content != nil {
			// A node takes 8 bytes at least: count before encoding.
			if maxNodes := *budget / 8; countNodes(d.Content, maxNodes) <= maxNodes {
				if enc := d.Content.AppendJSON(nil); len(enc) <= *budget {
					*budget -= len(enc)
					prose.small[d.ID] = enc
				}
			}
			if prose.small[d.ID] == nil {
				prose.big[d.ID] = true
			}
			d.Content = nil
		}
		d.Children = stripContent(d.Children, prose, budget)
		out[i] = d
	}
	return out
}

// countNodes counts the nodes of n, stopping past max.
func countNodes(n *chancery.Node, max int) int {
	count := 0
	n.Walk(func(*chancery.Node) bool {
		count++
		return count <= max
	})
	return count
}

// division returns a division of a volume with its prose, and the path of
// divisions above it: from the cached copy of the volume when it keeps the
// prose, else from the whole volume. v is the cached copy; the volume
// returned is the one the division belongs to.
func (s *Server) division(ctx context.Context, v *chancery.Volume, id string) (*chancery.Volume, *chancery.Division, []*chancery.Division, error) {
	div, path := findDivision(v.Structure, id)
	prose, _ := s.vcache.proseOf(v.ID)
	switch enc, ok := prose.small[id]; {
	case ok:
		var content chancery.Node
		if err := content.UnmarshalJSON(enc); err != nil {
			return nil, nil, nil, fmt.Errorf("division %s/%s: %w", v.ID, id, err)
		}
		d := *div
		d.Content = &content
		return v, &d, path, nil
	case div != nil && s.wholeVolume(v.ID, id):
		full, err := s.fullVolume(ctx, v.ID)
		if err != nil {
			return nil, nil, nil, err
		}
		div, path = findDivision(full.Structure, id)
		return full, div, path, nil
	}
	return v, div, path, nil
}

// divisionSlot takes a slot of the renders pool for a division's page
// when it reads the whole volume: the division's prose is not kept with
// the cached copy of the volume, nor its parts rendered. Other division
// pages take none. It returns the slot's release.
func (s *Server) divisionSlot(ctx context.Context, v *chancery.Volume, id string) (func(), error) {
	if !s.wholeVolume(v.ID, id) || s.divisionRendered(ctx, v, id) {
		return func() {}, nil
	}
	return s.renders.acquire(ctx)
}

// partsCache keeps the rendered parts of long divisions (an index, a
// chapter that is one long argument) for the current generation, up to a
// byte budget: rendering one takes milliseconds, showing a kept one none.
type partsCache struct {
	mu      sync.Mutex
	gen     int64
	entries map[string]renderedDivision
	order   []string // keys, oldest first
	bytes   int
}

// renderedDivision is a division's heading and parts, rendered.
type renderedDivision struct {
	heading template.HTML
	parts   []template.HTML
	prose   bool // whether the division has prose besides its head
}

func (d renderedDivision) size() int {
	n := len(d.heading)
	for _, p := range d.parts {
		n += len(p)
	}
	return n
}

// partsCacheBytes bounds the rendered divisions kept, and
// partsCacheMin is the smallest kept: shorter ones render in well under
// a millisecond.
const (
	partsCacheBytes = 16 << 20
	partsCacheMin   = 64 << 10
)

func (c *partsCache) get(gen int64, key string) (renderedDivision, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return renderedDivision{}, false
	}
	d, ok := c.entries[key]
	return d, ok
}

// divisionRendered reports whether a division's parts are kept rendered,
// so that its page needs no read of its prose.
func (s *Server) divisionRendered(ctx context.Context, v *chancery.Volume, id string) bool {
	gen, err := s.generation(ctx)
	if err != nil {
		return false
	}
	_, ok := s.pcache.get(gen, v.ID+"/"+id)
	return ok
}

func (c *partsCache) put(gen int64, key string, d renderedDivision) {
	size := d.size()
	if size < partsCacheMin || size > partsCacheBytes/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		c.gen, c.entries, c.order, c.bytes = gen, map[string]renderedDivision{}, nil, 0
	}
	if _, ok := c.entries[key]; ok {
		return
	}
	for c.bytes+size > partsCacheBytes && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.bytes -= c.entries[old].size()
		delete(c.entries, old)
	}
	c.entries[key] = d
	c.order = append(c.order, key)
	c.bytes += size
}

// fullVolumeBytes bounds the volumes kept whole, with their divisions'
// prose, for division pages: reading one from the store takes 10–20 ms
// for the largest volumes, and keeps 0.3 to 5 MB, so a reader going
// through a few volumes' chapters reads each once. A volume larger than
// fullVolumeMax is read again for each of its pages that needs it whole.
const (
	fullVolumeBytes = 32 << 20
	fullVolumeMax   = fullVolumeBytes / 4
)

// fullVolume reads a volume with the divisions' prose, from the cache of
// the volumes last read whole when it can.
func (s *Server) fullVolume(ctx context.Context, id string) (*chancery.Volume, error) {
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.vcache
	c.mu.Lock()
	if c.gen != gen {
		c.reset(gen)
	}
	for i, e := range c.full {
		if e.v.ID == id {
			// Most recently used first.
			copy(c.full[1:i+1], c.full[:i])
			c.full[0] = e
			c.mu.Unlock()
			return e.v, nil
		}
	}
	c.mu.Unlock()
	v, err := s.store.Volume(ctx, id)
	if err != nil {
		return nil, err
	}
	size := volumeBytes(v)
	if size > fullVolumeMax {
		return v, nil
	}
	c.mu.Lock()
	if c.gen == gen {
		c.full = append([]fullEntry{{v, size}}, c.full...)
		c.fullBytes += size
		for c.fullBytes > fullVolumeBytes {
			last := c.full[len(c.full)-1]
			c.full = c.full[:len(c.full)-1]
			c.fullBytes -= last.size
		}
	}
	c.mu.Unlock()
	return v, nil
}

// volume returns a stored volume without its divisions' prose and pages,
// from the cache when it can.
func (s *Server) volume(ctx context.Context, id string) (*chancery.Volume, error) {
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.vcache
	c.mu.Lock()
	if c.gen != gen {
		c.reset(gen)
	}
	e, ok := c.vols[id]
	if ok {
		c.clock++
		e.used = c.clock
	}
	c.mu.Unlock()
	if ok {
		return e.v, nil
	}
	full, err := s.store.Volume(ctx, id)
	if err != nil {
		return nil, err
	}
	v, prose := slim(full)
	c.mu.Lock()
	if c.gen == gen {
		c.put(id, v, prose)
	}
	c.mu.Unlock()
	return v, nil
}

// volumes returns the counts of every stored volume, cached.
func (s *Server) volumes(ctx context.Context) ([]chancery.VolumeStats, error) {
	gen, err := s.generation(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.vcache
	c.mu.Lock()
	if c.gen == gen && c.list != nil {
		l := c.list
		c.mu.Unlock()
		return l, nil
	}
	c.mu.Unlock()
	list, err := s.store.Volumes(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.gen != gen {
		c.reset(gen)
	}
	c.list = list
	c.mu.Unlock()
	return list, nil
}

// stored reports whether a volume is in the corpus. The store's error,
// when it cannot tell, is noted in rs.
func (s *Server) stored(ctx context.Context, rs *reads) func(string) bool {
	list, err := s.volumes(ctx)
	rs.note(err)
	return func(id string) bool {
		if err != nil {
			return false
		}
		for _, v := range list {
			if v.ID == id {
				return true
			}
		}
		return false
	}
}

// volumeBytes estimates the memory a decoded volume holds: its strings
// and the fixed size of each of its parts (divisions, their dates and
// prose, persons, terms, pages, anchors), each part's fixed size as Go
// lays it out.
func volumeBytes(v *chancery.Volume) int {
	n := int(unsafe.Sizeof(*v)) + len(v.ID) + len(v.Publisher) + len(v.PubPlace) + len(v.PubDate) + len(v.Hash) + len(v.Source)
	t := v.Titles
	n += len(t.Complete) + len(t.Series) + len(t.Subseries) + len(t.VolumeNumber) + len(t.Volume)
	for _, e := range v.Editors {
		n += int(unsafe.Sizeof(e)) + len(e.Name) + len(e.Role)
	}
	for _, l := range [][]chancery.Idno{v.ISBNs, v.Idnos} {
		for _, i := range l {
			n += int(unsafe.Sizeof(i)) + len(i.Type) + len(i.Value)
		}
	}
	n += divisionsBytes(v.Structure)
	for _, p := range v.Persons {
		n += int(unsafe.Sizeof(p)) + len(p.ID) + len(p.Name) + len(p.Description)
		for _, d := range p.Documents {
			n += int(unsafe.Sizeof(d)) + len(d)
		}
	}
	for _, t := range v.Terms {
		n += int(unsafe.Sizeof(t)) + len(t.ID) + len(t.Term) + len(t.Expansion)
	}
	for _, p := range v.Pages {
		n += int(unsafe.Sizeof(p)) + len(p.N) + len(p.ID) + len(p.Facs) + len(p.Document)
	}
	for _, a := range v.Anchors {
		n += int(unsafe.Sizeof(a)) + len(a.ID) + len(a.In)
	}
	return n
}

func divisionsBytes(divs []chancery.Division) int {
	n := 0
	for i := range divs {
		d := &divs[i]
		n += int(unsafe.Sizeof(*d)) + len(d.ID) + len(d.Type) + len(d.Subtype) + len(d.N) + len(d.Part) + len(d.Head)
		if d.Date != nil {
			n += int(unsafe.Sizeof(*d.Date)) + len(d.Date.Source)
		}
		if d.Content != nil {
			d.Content.Walk(func(x *chancery.Node) bool {
				n += int(unsafe.Sizeof(*x)) + len(x.Name) + len(x.Text) + 8*len(x.Children)
				for _, a := range x.Attrs {
					n += int(unsafe.Sizeof(a)) + len(a.Name) + len(a.Value)
				}
				return true
			})
		}
		n += divisionsBytes(d.Children)
	}
	return n
}
