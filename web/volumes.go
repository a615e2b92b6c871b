package web

import (
	"net/http"
	"regexp"
	"sort"
	"strconv"

	"github.com/chancery-frus/chancery"
)

// administrations name the eras volumes are grouped by, from the year
// their subseries begins, with the id of each group on the volumes page:
// history.state.gov's code for the administration (its page is
// /historicaldocuments/{id}), or both codes for a shared era.
var administrations = []struct {
	from     int
	id, name string
}{
	{1861, "lincoln", "Lincoln Administration"}, {1865, "johnson-a", "Andrew Johnson Administration"},
	{1869, "grant", "Grant Administration"}, {1877, "hayes", "Hayes Administration"},
	{1881, "garfield-arthur", "Garfield and Arthur Administrations"}, {1885, "cleveland-22", "Cleveland Administration"},
	{1889, "harrison", "Benjamin Harrison Administration"}, {1893, "cleveland-24", "Cleveland Administration"},
	{1897, "mckinley", "McKinley Administration"}, {1901, "roosevelt-t", "Theodore Roosevelt Administration"},
	{1909, "taft", "Taft Administration"}, {1913, "wilson", "Wilson Administration"},
	{1921, "harding", "Harding Administration"}, {1923, "coolidge", "Coolidge Administration"},
	{1929, "hoover", "Hoover Administration"}, {1933, "roosevelt-fd", "Franklin D. Roosevelt Administration"},
	{1945, "truman", "Truman Administration"}, {1953, "eisenhower", "Eisenhower Administration"},
	{1961, "kennedy", "Kennedy Administration"}, {1964, "johnson", "Lyndon B. Johnson Administration"},
	{1969, "nixon-ford", "Nixon and Ford Administrations"}, {1977, "carter", "Carter Administration"},
	{1981, "reagan", "Reagan Administration"}, {1989, "bush-ghw", "George H. W. Bush Administration"},
	{1993, "clinton", "Clinton Administration"},
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

// era returns the administration a volume belongs to: the first year of
// its subseries, and the id and name of its group.
func era(id string) (year int, group, name string) {
	m := volumeYear.FindStringSubmatch(id)
	if m == nil {
		return 0, "other", "Other volumes"
	}
	year, _ = strconv.Atoi(m[1])
	group, name = "before-1861", "Before 1861"
	for _, a := range administrations {
		if year >= a.from {
			group, name = a.id, a.name
		}
	}
	return year, group, name
}

// volumeGroup is the volumes of one administration; ID is its anchor on
// the volumes page.
type volumeGroup struct {
	ID, Name string
	Volumes  []volumeEntry
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
		yi, _, _ := era(sorted[i].ID)
		yj, _, _ := era(sorted[j].ID)
		if yi != yj {
			return yi < yj
		}
		return sorted[i].ID < sorted[j].ID
	})
	var groups []volumeGroup
	for _, v := range sorted {
		_, id, name := era(v.ID)
		if len(groups) == 0 || groups[len(groups)-1].ID != id {
			groups = append(groups, volumeGroup{ID: id, Name: name})
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
