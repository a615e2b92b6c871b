package network

import (
	"bytes"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
)

func rows() []chancery.DocumentPerson {
	p := func(doc, person, name, kind string) chancery.DocumentPerson {
		return chancery.DocumentPerson{Volume: "frus1961-63v05", Document: doc, Kind: kind, Person: person, Name: name}
	}
	return []chancery.DocumentPerson{
		p("d1", "rusk", "Dean Rusk", "participant"), p("d1", "gromyko", "Gromyko", "participant"), p("d1", "thompson", "Thompson", "participant"),
		p("d2", "rusk", "Dean Rusk", "participant"), p("d2", "gromyko", "Gromyko", "participant"),
		p("d2", "rusk", "Dean Rusk", "participant"),        // twice in one list: once
		p("d3", "rusk", "Dean Rusk", "from"),               // not a participant
		p("d4", "dobrynin", "Dobrynin <b>", "participant"), // alone: a node, no edge
	}
}

func TestOf(t *testing.T) {
	g := Of(rows(), "thompson", 10)
	var nodes []string
	for _, n := range g.Nodes {
		nodes = append(nodes, n.ID)
	}
	// The center first, then by memoranda.
	if strings.Join(nodes, " ") != "thompson rusk gromyko dobrynin" {
		t.Errorf("nodes %v", nodes)
	}
	if len(g.Edges) != 3 || g.Edges[0] != (Edge{A: "gromyko", B: "rusk", Times: 2}) {
		t.Errorf("edges %+v", g.Edges)
	}
	// A limit keeps the most present and the pairs among them.
	if g := Of(rows(), "", 2); len(g.Nodes) != 2 || len(g.Edges) != 1 || g.Edges[0].Times != 2 {
		t.Errorf("limited: %+v", g)
	}
	if g := Of(nil, "x", 10); len(g.Nodes) != 0 || len(g.Edges) != 0 {
		t.Errorf("no rows: %+v", g)
	}
}

func TestCSVAndSVG(t *testing.T) {
	g := Of(rows(), "rusk", 10)
	var b bytes.Buffer
	if err := g.CSV(&b); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(b.String()), "\n"); len(lines) != 4 || lines[0] != "a,a_name,b,b_name,memoranda" || lines[1] != "gromyko,Gromyko,rusk,Dean Rusk,2" {
		t.Errorf("CSV:\n%s", b.String())
	}
	b.Reset()
	if err := g.SVG(&b, "Who met Dean Rusk", func(id string) string { return "/people/" + id + "/network" }); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{`<title id="net-title">Who met Dean Rusk</title>`, `<a href="/people/gromyko/network">`, `Dobrynin &lt;b&gt;`, `<line `} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG without %s", want)
		}
	}
	if strings.Count(svg, "<circle") != 4 || strings.Count(svg, "<line") != 3 {
		t.Errorf("SVG: %d circles, %d lines", strings.Count(svg, "<circle"), strings.Count(svg, "<line"))
	}
}
