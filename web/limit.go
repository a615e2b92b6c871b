package web

import (
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"runtime"
	"sync"
	"time"

	"github.com/chancery-frus/chancery"
)

// Overload: costly requests run in pools of a bounded size, so that a
// burst of them cannot take every core and every connection to the store
// from the cheap pages. A request for a slot waits in a short queue, for
// at most Limits.QueueWait; when the queue is full, or the wait runs out,
// it is answered 503 with Retry-After (overloadError). The pools:
//
//	searches   the search page with a query or filters, /api/v1/search
//	renders    exports, division pages that read a whole volume (a long
//	           introduction, an index, a list of papers)
//
// Document pages, volume pages (their table of contents, rendered from
// the cached outline in about a millisecond), the API's document and
// volume endpoints, cite files, static files and /healthz are in no pool:
// they never wait behind a costly request.
//
// Per-client limits: the API (every path under /api/) allows each client
// address (an IPv6 client by its /64) Limits.APIRate requests a second,
// with bursts of Limits.APIBurst, and answers 429 with Retry-After past
// that (rateError). Off unless set.

// Limits bound the server's costly work and each client's use of the API.
type Limits struct {
	// Searches and Renders are how many requests of each pool run at once;
	// 0 puts no bound.
	Searches, Renders int
	// QueueWait is the longest a request waits for a slot of its pool (0:
	// none waits); each pool queues at most queueFactor times its size.
	QueueWait time.Duration
	// APIRate is the requests a second each client may make of the API,
	// with bursts of APIBurst; 0 puts no limit.
	APIRate  float64
	APIBurst int
}

// queueFactor is how many requests, for each slot of a pool, may wait.
const queueFactor = 8

// DefaultLimits are the limits of a server over a store with conns
// connections: searches and renders each take half the cores (at least
// one), so that the other half serves pages; searches at most half the
// connections, renders a quarter, so that a document page always finds
// one. The queue waits 5 s: a search waits for the store to reload what
// searches keep in memory after each change to the corpus, which takes 1
// to 3 s on 2 cores while an ingest runs, and the searches queued behind it
// are not to be turned away for that. The API has no rate limit.
func DefaultLimits(conns int) Limits {
	half := max(runtime.GOMAXPROCS(0)/2, 1)
	return Limits{
		Searches:  max(min(half, conns/2), 1),
		Renders:   max(min(half, conns/4), 1),
		QueueWait: 5 * time.Second,
		APIBurst:  20,
	}
}

// overloadError is a costly request turned away because its pool is full
// and its queue too, or its wait for a slot ran out.
type overloadError struct {
	pool  string
	slots int
}

func (e *overloadError) Error() string {
	return fmt.Sprintf("overloaded: the %d %s slots are taken and the queue is full or waited too long", e.slots, e.pool)
}

// rateError is a client that made more requests of the API than its rate
// allows; it may ask again after retry.
type rateError struct {
	rate  float64
	retry time.Duration
}

func (e *rateError) Error() string {
	return fmt.Sprintf("over the API's rate of %g requests a second for one client", e.rate)
}

// retrySeconds is the Retry-After of a rateError, in whole seconds, at
// least 1.
func (e *rateError) retrySeconds() int {
	return max(int(math.Ceil(e.retry.Seconds())), 1)
}

// pool runs at most cap(slots) requests at once; a nil pool, none bounded.
type pool struct {
	name    string
	slots   chan struct{}
	waiting chan struct{}
	wait    time.Duration
}

func newPool(name string, size int, wait time.Duration) *pool {
	if size <= 0 {
		return nil
	}
	return &pool{name: name, slots: make(chan struct{}, size), waiting: make(chan struct{}, size*queueFactor), wait: wait}
}

// acquire takes a slot, waiting in the queue when all are taken, and
// returns its release. It fails with an overloadError when the queue is
// full or the wait runs out, and with ctx's error when ctx ends first.
func (p *pool) acquire(ctx context.Context) (func(), error) {
	if p == nil {
		return func() {}, nil
	}
	select {
	case p.slots <- struct{}{}:
		return p.release, nil
	default:
	}
	select {
	case p.waiting <- struct{}{}:
	default:
		return nil, &overloadError{p.name, cap(p.slots)}
	}
	defer func() { <-p.waiting }()
	t := time.NewTimer(p.wait)
	defer t.Stop()
	select {
	case p.slots <- struct{}{}:
		return p.release, nil
	case <-t.C:
		return nil, &overloadError{p.name, cap(p.slots)}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *pool) release() { <-p.slots }

// limiter holds a token bucket for each client of the API.
type limiter struct {
	rate  float64 // tokens a second
	burst float64
	mu    sync.Mutex
	seen  map[netip.Prefix]*bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// maxClients bounds the buckets kept: past it, those of clients idle
// long enough to be full again go, and then any.
const maxClients = 1 << 16

func newLimiter(rate float64, burst int) *limiter {
	if rate <= 0 {
		return nil
	}
	return &limiter{rate: rate, burst: float64(max(burst, 1)), seen: map[netip.Prefix]*bucket{}}
}

// allow takes a token from the client's bucket, or returns a rateError
// saying when one will be there.
func (l *limiter) allow(client netip.Prefix, now time.Time) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.seen[client]
	if !ok {
		if len(l.seen) >= maxClients {
			l.forget(now)
		}
		b = &bucket{tokens: l.burst, at: now}
		l.seen[client] = b
	}
	b.tokens = min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens < 1 {
		return &rateError{rate: l.rate, retry: time.Duration((1 - b.tokens) / l.rate * float64(time.Second))}
	}
	b.tokens--
	return nil
}

// forget drops the buckets of clients idle long enough to be full, and
// when none is, half of them.
func (l *limiter) forget(now time.Time) {
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.seen {
		if now.Sub(b.at) >= full {
			delete(l.seen, k)
		}
	}
	for k := range l.seen {
		if len(l.seen) < maxClients/2 {
			break
		}
		delete(l.seen, k)
	}
}

// clientOf is the address a request comes from, as rate limits count
// clients: an IPv4 address, or an IPv6 address's /64 (one network's
// hosts may take any address in it).
func clientOf(r *http.Request) netip.Prefix {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{}
	}
	a = a.Unmap()
	bits := 32
	if a.Is6() {
		bits = 64
	}
	p, _ := a.Prefix(bits)
	return p
}

// costly serves h in a slot of p.
func (s *Server) costly(p *pool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		release, err := p.acquire(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer release()
		h(w, r)
	}
}

// search runs a search in a slot of the searches pool.
func (s *Server) search(ctx context.Context, req *chancery.SearchRequest) (*chancery.SearchResult, error) {
	release, err := s.searches.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.store.Search(ctx, req)
}
