package offices

import (
	"strconv"
	"time"
)

// interval is the days a date given to the year, the month or the day may
// be: first and last, as days since 1 January 1970.
type interval struct{ first, last int }

// farFuture is a day after every date of the series.
const farFuture = 1 << 30

// parseInterval reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" as the days it
// may be; false if it is none of them, or no such day.
func parseInterval(s string) (interval, bool) {
	day := func(t time.Time) int { return int(t.Unix() / 86400) }
	switch len(s) {
	case 4:
		y, err := strconv.Atoi(s)
		if err != nil || y < 1 {
			return interval{}, false
		}
		t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return interval{day(t), day(t.AddDate(1, 0, -1))}, true
	case 7:
		t, err := time.Parse("2006-01", s)
		if err != nil {
			return interval{}, false
		}
		return interval{day(t), day(t.AddDate(0, 1, -1))}, true
	case 10:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return interval{}, false
		}
		return interval{day(t), day(t)}, true
	}
	return interval{}, false
}
