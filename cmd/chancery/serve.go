package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/chancery-frus/chancery/sqlite"
	"github.com/chancery-frus/chancery/web"
)

func newServeCmd() *cobra.Command {
	var db, addr string
	cmd := &cobra.Command{
		Use:   "serve [--db FILE] [--addr HOST:PORT]",
		Short: "Serve the stored volumes over HTTP",
		Long: `Serve answers HTTP requests for the stored volumes:

  GET /api/v1/search   full-text search, with history.state.gov's parameters
                       q, volume-id, start-date, end-date, sort-by (relevance,
                       date-asc, date-desc), start (from 1), per-page; and
                       type, kind (historical, editorial), facets=false
  GET /healthz         200 when the database answers

Requests are logged to standard error. Interrupt (Ctrl-C) or SIGTERM stops
the server after the requests under way finish.`,
		Example: `  chancery serve --addr 127.0.0.1:8080
  curl 'http://127.0.0.1:8080/api/v1/search?q="test+ban"&start-date=1962'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := sqlite.Open(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer store.Close()
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "serving %s on http://%s/\n", db, ln.Addr())
			srv, err := web.New(store, log)
			if err != nil {
				return err
			}
			return serve(cmd.Context(), ln, srv)
		},
	}
	dbFlag(cmd, &db)
	cmd.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	return cmd
}

// serve serves h on ln until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
