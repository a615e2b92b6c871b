package sqlite

import (
	"bytes"
	"compress/flate"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// Records (a volume's or a document's JSON) are stored deflated: FRUS
// JSON shrinks about fourfold, which keeps the database smaller than the
// XML it came from, and inflating a document takes microseconds.

// codec compresses and expands records, reusing its compressors.
type codec struct {
	writers sync.Pool
}

func (c *codec) encode(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(len(raw) / 3)
	w, _ := c.writers.Get().(*flate.Writer)
	if w == nil {
		w, err = flate.NewWriter(&buf, flate.BestSpeed)
		if err != nil {
			return nil, err
		}
	} else {
		w.Reset(&buf)
	}
	defer c.writers.Put(w)
	if _, err := w.Write(raw); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (c *codec) decode(rec []byte, v any) error {
	r := flate.NewReader(bytes.NewReader(rec))
	defer r.Close()
	raw, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("inflate record: %w", err)
	}
	return json.Unmarshal(raw, v)
}
