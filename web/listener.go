package web

import (
	"net"
	"sync"
)

// LimitListener returns a listener that keeps at most n of ln's
// connections open at once (n <= 0: no bound). Past n it accepts none
// until one closes: further connections wait in the kernel's backlog of
// the listening socket, and are served in turn, rather than being
// accepted and dropped. Held connections are bounded in time by the
// server's timeouts (a request's header must arrive within
// ReadHeaderTimeout, an idle connection closes after IdleTimeout), so
// that slow clients cannot hold the server for long, and the goroutines
// and buffers of open connections stay bounded.
func LimitListener(ln net.Listener, n int) net.Listener {
	if n <= 0 {
		return ln
	}
	return &limitListener{Listener: ln, slots: make(chan struct{}, n), done: make(chan struct{})}
}

type limitListener struct {
	net.Listener
	slots     chan struct{}
	done      chan struct{} // closed by Close, so that a waiting Accept returns
	closeOnce sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// limitConn gives its slot back when it is first closed.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
