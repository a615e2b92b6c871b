// Package network is who met whom: the persons who took part in the same
// memoranda of conversation and meetings, as a graph of co-participants —
// each pair with the number of memoranda they shared — for researchers
// (edges as JSON or CSV) and as a picture readable without JavaScript (a
// circle of persons, an SVG written on the server).
//
// It is pure: the persons of the documents (package identity resolves
// them) in, the graph out.
package network

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/chancery-frus/chancery"
)

// Node is a person of the graph and the memoranda they took part in.
type Node struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Times int    `json:"times"`
}

// Edge is two persons who took part in the same memoranda, and how many.
type Edge struct {
	A     string `json:"a"`
	B     string `json:"b"`
	Times int    `json:"times"`
}

// Graph is the co-participants of a set of memoranda.
type Graph struct {
	Nodes []Node `json:"nodes"` // the most present first
	Edges []Edge `json:"edges"` // the most shared first
}

// Of returns the graph of the participants of the rows (the persons of
// documents; those not participants are left out), keeping the limit
// persons who took part most — and center, if given, whatever its count —
// and the pairs among them.
func Of(rows []chancery.DocumentPerson, center string, limit int) Graph {
	byDoc := map[string][]string{}
	names, times := map[string]string{}, map[string]int{}
	for _, r := range rows {
		if r.Kind != "participant" {
			continue
		}
		key := r.Volume + "/" + r.Document
		if slices.Contains(byDoc[key], r.Person) {
			continue
		}
		byDoc[key] = append(byDoc[key], r.Person)
		names[r.Person] = r.Name
		times[r.Person]++
	}
	var g Graph
	for id, n := range times {
		g.Nodes = append(g.Nodes, Node{ID: id, Name: names[id], Times: n})
	}
	slices.SortFunc(g.Nodes, func(a, b Node) int {
		if (a.ID == center) != (b.ID == center) {
			if a.ID == center {
				return -1
			}
			return 1
		}
		return cmp.Or(b.Times-a.Times, strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	g.Nodes = g.Nodes[:min(len(g.Nodes), limit)]
	kept := map[string]bool{}
	for _, n := range g.Nodes {
		kept[n.ID] = true
	}
	pairs := map[[2]string]int{}
	for _, ps := range byDoc {
		for i, a := range ps {
			for _, b := range ps[i+1:] {
				if !kept[a] || !kept[b] {
					continue
				}
				pairs[[2]string{min(a, b), max(a, b)}]++
			}
		}
	}
	for p, n := range pairs {
		g.Edges = append(g.Edges, Edge{A: p[0], B: p[1], Times: n})
	}
	slices.SortFunc(g.Edges, func(a, b Edge) int {
		return cmp.Or(b.Times-a.Times, strings.Compare(a.A, b.A), strings.Compare(a.B, b.B))
	})
	return g
}

// CSV writes the graph's edges: a header, then a, a's name, b, b's name,
// the memoranda they shared.
func (g Graph) CSV(w io.Writer) error {
	names := map[string]string{}
	for _, n := range g.Nodes {
		names[n.ID] = n.Name
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"a", "a_name", "b", "b_name", "memoranda"})
	for _, e := range g.Edges {
		cw.Write([]string{e.A, names[e.A], e.B, names[e.B], strconv.Itoa(e.Times)})
	}
	cw.Flush()
	return cw.Error()
}

// The picture's width and height, in its own units: wider than high,
// for the names written beside the circle.
const (
	width  = 900
	height = 640
)

// SVG writes the graph as a picture: the persons on a circle, the first
// (the center) at the top, each a link (href gives its address) sized by
// the memoranda they took part in; a line between two who met, as thick as
// the memoranda they shared. It is accessible as a figure titled title.
func (g Graph) SVG(w io.Writer, title string, href func(id string) string) error {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="net-title" class="network">`, width, height)
	fmt.Fprintf(&b, `<title id="net-title">%s</title>`, html.EscapeString(title))
	at := map[string][2]float64{}
	r := float64(height)/2 - 40
	for i, n := range g.Nodes {
		angle := -math.Pi/2 + 2*math.Pi*float64(i)/float64(max(len(g.Nodes), 1))
		at[n.ID] = [2]float64{width/2 + r*math.Cos(angle), height/2 + r*math.Sin(angle)}
	}
	most := 1
	for _, e := range g.Edges {
		most = max(most, e.Times)
	}
	for _, e := range g.Edges {
		a, c := at[e.A], at[e.B]
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke-width="%.1f"><title>%d</title></line>`, a[0], a[1], c[0], c[1], 1+5*float64(e.Times)/float64(most), e.Times)
	}
	for _, n := range g.Nodes {
		p := at[n.ID]
		anchor := "start"
		if p[0] < width/2-1 {
			anchor = "end"
		}
		dx := 10.0
		if anchor == "end" {
			dx = -10
		}
		fmt.Fprintf(&b, `<a href="%s"><circle cx="%.1f" cy="%.1f" r="%.1f"/><text x="%.1f" y="%.1f" text-anchor="%s">%s</text></a>`,
			html.EscapeString(href(n.ID)), p[0], p[1], 4+math.Sqrt(float64(n.Times)), p[0]+dx, p[1]+4, anchor, html.EscapeString(n.Name))
	}
	b.WriteString(`</svg>`)
	_, err := io.WriteString(w, b.String())
	return err
}
