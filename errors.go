package chancery

import (
	"errors"
	"fmt"
)

// Errors a Store, and the code serving it, return for what is not a
// failure of the software: the web server answers each with its own
// status (404, 400, 503) and never shows the error's text, which may name
// a database host or a file, except a BadRequestError's message, written
// for the person who asked.

// ErrNotFound is returned by a Store when a volume or document is not stored.
var ErrNotFound = errors.New("not found")

// ErrUnavailable means that the store cannot answer for now — its
// database does not answer, or it is overloaded — and that the same
// request may succeed in a moment. Stores return it wrapped around the
// cause (Unavailable).
var ErrUnavailable = errors.New("store unavailable")

// Unavailable returns err marked as ErrUnavailable: errors.Is(…,
// ErrUnavailable) holds, and the cause is kept, for the logs.
func Unavailable(err error) error {
	if err == nil {
		return ErrUnavailable
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// BadRequestError is a request that cannot be answered as asked — a
// parameter out of range, a value that cannot be read — with a message,
// for the person who asked, saying what to fix. Msg must hold nothing but
// that: the web server shows it as it is.
type BadRequestError struct{ Msg string }

func (e *BadRequestError) Error() string { return e.Msg }

// BadRequestf returns a *BadRequestError with a formatted message.
func BadRequestf(format string, args ...any) error {
	return &BadRequestError{Msg: fmt.Sprintf(format, args...)}
}
