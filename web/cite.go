package web

import "github.com/chancery-frus/chancery"

// citation fills the document page's Cite panel.
func (s *Server) citation(data *documentData, v *chancery.Volume, d *chancery.Document) {}
