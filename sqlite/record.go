package sqlite

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// Records (a volume's or a document's JSON) are stored compressed with
// zstd at its fastest level: FRUS JSON shrinks about fourfold, which keeps
// the database smaller than the XML it came from, and a document inflates
// in microseconds.

// codec compresses and expands records. Its encoder and decoder are safe
// for concurrent use and made once.
type codec struct {
	once sync.Once
	enc  *zstd.Encoder
	dec  *zstd.Decoder
	err  error
}

func (c *codec) init() error {
	c.once.Do(func() {
		c.enc, c.err = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
		if c.err == nil {
			c.dec, c.err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(2), zstd.WithDecoderLowmem(true))
		}
	})
	return c.err
}

func (c *codec) encode(v any) ([]byte, error) {
	if err := c.init(); err != nil {
		return nil, err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return c.enc.EncodeAll(raw, make([]byte, 0, len(raw)/3)), nil
}

// compress compresses a text.
func (c *codec) compress(text string) []byte { return c.compressBytes([]byte(text)) }

// compressBytes compresses bytes; nil if the codec cannot start.
func (c *codec) compressBytes(b []byte) []byte {
	if c.init() != nil {
		return nil
	}
	return c.enc.EncodeAll(b, nil)
}

// expand reverses compress.
func (c *codec) expand(z []byte) (string, error) {
	b, err := c.expandBytes(z)
	return string(b), err
}

// expandBytes reverses compressBytes.
func (c *codec) expandBytes(z []byte) ([]byte, error) {
	if err := c.init(); err != nil {
		return nil, err
	}
	return c.dec.DecodeAll(z, nil)
}

func (c *codec) decode(rec []byte, v any) error {
	if err := c.init(); err != nil {
		return err
	}
	raw, err := c.dec.DecodeAll(rec, nil)
	if err != nil {
		return fmt.Errorf("expand record: %w", err)
	}
	return json.Unmarshal(raw, v)
}
