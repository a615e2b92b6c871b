package tei

import "github.com/chancery-frus/chancery"

// anchors records the volume's addressable ids that are not divisions,
// documents, page breaks or footnotes of documents (Volume.Anchors).
func (d *decoder) anchors(text *chancery.Node) {}
