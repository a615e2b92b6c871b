// Package record compresses what stores keep of volumes and documents:
// their JSON records, and texts, with zstd at its fastest level.
package record

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Codec compresses and expands records. Its encoder and decoder are safe
// for concurrent use and made on first use. The zero Codec is ready.
type Codec struct {
	once sync.Once
	enc  *zstd.Encoder
	dec  *zstd.Decoder
	err  error
}

func (c *Codec) init() error {
	c.once.Do(func() {
		c.enc, c.err = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
		if c.err == nil {
			c.dec, c.err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(2), zstd.WithDecoderLowmem(true))
		}
	})
	return c.err
}

// Encode returns v as compressed JSON.
func (c *Codec) Encode(v any) ([]byte, error) {
	if err := c.init(); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return c.enc.EncodeAll(raw, make([]byte, 0, len(raw)/3)), nil
}

// Decode reads compressed JSON into v.
func (c *Codec) Decode(rec []byte, v any) error {
	raw, err := c.Expand(rec)
	if err != nil {
		return fmt.Errorf("expand record: %w", err)
	}
	return json.Unmarshal(raw, v)
}

// Compress compresses bytes; nil if the codec cannot start.
func (c *Codec) Compress(b []byte) []byte {
	if c.init() != nil {
		return nil
	}
	return c.enc.EncodeAll(b, nil)
}

// Expand reverses Compress.
func (c *Codec) Expand(z []byte) ([]byte, error) {
	if err := c.init(); err != nil {
		return nil, err
	}
	return c.dec.DecodeAll(z, nil)
}
