package record

import (
	"testing"

	"github.com/chancery-frus/chancery"
)

func TestRoundTrips(t *testing.T) {
	var c Codec
	d := &chancery.Document{ID: "d1", Title: "Telegram", Body: &chancery.Node{Name: "body", Children: []*chancery.Node{{Text: "Text"}}}}
	rec, err := c.Encode(d)
	if err != nil {
		t.Fatal(err)
	}
	var back chancery.Document
	if err := c.Decode(rec, &back); err != nil || back.ID != "d1" || back.Body.PlainText() != "Text" {
		t.Errorf("Decode = %+v, %v", back, err)
	}
	text, notes, err := c.UnpackText(c.PackText("the text", "a note"))
	if err != nil || text != "the text" || notes != "a note" {
		t.Errorf("UnpackText = %q, %q, %v", text, notes, err)
	}
	if _, _, err := c.UnpackText([]byte("not zstd")); err == nil {
		t.Error("garbage unpacked")
	}
}
