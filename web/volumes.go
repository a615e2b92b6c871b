package web

import (
	"net/http"
	"regexp"
	"sort"
	"strconv"

	"github.com/chancery-frus/chancery"
)

// administrations name the eras volumes are grouped by, from the year
// their subseries begins.
var administrations = []struct {
	from int
	name string
}{
	{1861, "Lincoln Administration"}, {1865, "Andrew Johnson Administration"}, {1869, "Grant Administration"},
	{1877, "Hayes Administration"}, {1881, "Garfield and Arthur Administrations"}, {1885, "Cleveland Administration"},
	{1889, "Benjamin Harrison Administration"}, {1893, "Cleveland Administration"}, {1897, "McKinley Administration"},
	{1901, "Theodore Roosevelt Administration"}, {1909, "Taft Administration"}, {1913, "Wilson Administration"},
	{1921, "Harding Administration"}, {1923, "Coolidge Administration"}, {1929, "Hoover Administration"},
	{1933, "Franklin D. Roosevelt Administration"}, {1945, "Truman Administration"}, {1953, "Eisenhower Administration"},
	{1961, "Kennedy Administration"}, {1964, "Lyndon B. Johnson Administration"}, {1969, "Nixon and Ford Administrations"},
	{1977, "Carter Administration"}, {1981, "Reagan Administration"}, {1989, "George H. W. Bush Administration"},
	{1993, "Clinton Administration"},
}

var (
	volumeYear  = regexp.MustCompile(`^frus(\d{4})`)
	volumeYears = regexp.MustCompile(`^frus(\d{4})(?:-(\d{2,4}))?`)
)

// years returns the years a volume covers, read from its id: "1961–1963",
// "1936".
func years(id string) string {
	m := volumeYears.FindStringSubmatch(id)
	if m == nil {
		return ""
	}
	if m[2] == "" {
		return m[1]
	}
	end := m[2]
	if len(end) == 2 {
		end = m[1][:2] + end
	}
	return m[1] + "–" + end
}

// era returns the administration a volume belongs to.
func era(id string) (int, string) {
	m := volumeYear.FindStringSubmatch(id)
	if m == nil {
		return 0, "Other volumes"
	}
	year, _ := strconv.Atoi(m[1])
	name := "Before 1861"
	for _, a := range administrations {
		if year >= a.from {
			name = a.name
		}
	}
	return year, name
}

type volumeGroup struct {
	Name    string
	Volumes []volumeEntry
}

type volumeEntry struct {
	chancery.VolumeStats
	Years string
}

// volumesPage is /historicaldocuments: the volumes by administration.
func (s *Server) volumesPage(w http.ResponseWriter, r *http.Request) {
	list, err := s.volumes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sorted := append([]chancery.VolumeStats(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool {
		yi, _ := era(sorted[i].ID)
		yj, _ := era(sorted[j].ID)
		if yi != yj {
			return yi < yj
		}
		return sorted[i].ID < sorted[j].ID
	})
	var groups []volumeGroup
	for _, v := range sorted {
		_, name := era(v.ID)
		if len(groups) == 0 || groups[len(groups)-1].Name != name {
			groups = append(groups, volumeGroup{Name: name})
		}
		g := &groups[len(groups)-1]
		g.Volumes = append(g.Volumes, volumeEntry{v, years(v.ID)})
	}
	s.render(w, r, http.StatusOK, "volumes", struct {
		page
		Volumes []chancery.VolumeStats
		Groups  []volumeGroup
	}{page{Title: "Historical Documents"}, list, groups})
}
