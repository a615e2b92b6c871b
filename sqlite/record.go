package sqlite

import "github.com/chancery-frus/chancery/internal/record"

// codec compresses records and texts; see package record.
type codec struct{ record.Codec }

func (c *codec) encode(v any) ([]byte, error)         { return c.Encode(v) }
func (c *codec) decode(rec []byte, v any) error       { return c.Decode(rec, v) }
func (c *codec) compress(text string) []byte          { return c.Compress([]byte(text)) }
func (c *codec) compressBytes(b []byte) []byte        { return c.Compress(b) }
func (c *codec) expandBytes(z []byte) ([]byte, error) { return c.Expand(z) }

func (c *codec) expand(z []byte) (string, error) {
	b, err := c.Expand(z)
	return string(b), err
}
