package tei

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// eastern is the zone the publisher assumes for times written without one.
var eastern = time.FixedZone("UTC-5", -5*60*60)

// Plausible years for a FRUS document. Dates outside are reported as
// impossible (a @when of 1045 for 1945, "1629Z" read as a year).
const (
	minYear = 1750
	maxYear = 2100
)

// ParseW3C reads an xs:date, xs:dateTime, xs:gYearMonth or xs:gYear value
// and returns the first and last instants it covers, in UTC.
func ParseW3C(s string) (lo, hi time.Time, err error) {
	s = strings.TrimSpace(s)
	var year, month, day int
	rest := ""
	switch {
	case len(s) == 4:
		year, err = strconv.Atoi(s)
		if err == nil {
			lo = time.Date(year, 1, 1, 0, 0, 0, 0, eastern)
			return lo.UTC(), lo.AddDate(1, 0, 0).Add(-time.Second).UTC(), nil
		}
	case len(s) == 7 && s[4] == '-':
		year, err = strconv.Atoi(s[:4])
		if err == nil {
			month, err = strconv.Atoi(s[5:])
		}
		if err == nil {
			if month < 1 || month > 12 {
				return lo, hi, fmt.Errorf("month %d out of range in %q", month, s)
			}
			lo = time.Date(year, time.Month(month), 1, 0, 0, 0, 0, eastern)
			return lo.UTC(), lo.AddDate(0, 1, 0).Add(-time.Second).UTC(), nil
		}
	case len(s) >= 10 && s[4] == '-' && s[7] == '-':
		year, err = strconv.Atoi(s[:4])
		if err == nil {
			month, err = strconv.Atoi(s[5:7])
		}
		if err == nil {
			day, err = strconv.Atoi(s[8:10])
		}
		rest = s[10:]
	default:
		return lo, hi, fmt.Errorf("not a W3C date: %q", s)
	}
	if err != nil {
		return lo, hi, fmt.Errorf("not a W3C date: %q", s)
	}
	if err := checkDay(year, month, day); err != nil {
		return lo, hi, fmt.Errorf("%v in %q", err, s)
	}
	if rest == "" {
		lo = time.Date(year, time.Month(month), day, 0, 0, 0, 0, eastern)
		return lo.UTC(), lo.AddDate(0, 0, 1).Add(-time.Second).UTC(), nil
	}
	if rest[0] != 'T' {
		return lo, hi, fmt.Errorf("not a W3C date: %q", s)
	}
	clock := rest[1:]
	loc := eastern
	switch {
	case strings.HasSuffix(clock, "Z"):
		clock, loc = clock[:len(clock)-1], time.UTC
	case len(clock) > 6 && (clock[len(clock)-6] == '+' || clock[len(clock)-6] == '-'):
		zone := clock[len(clock)-6:]
		clock = clock[:len(clock)-6]
		zh, e1 := strconv.Atoi(zone[1:3])
		zm, e2 := strconv.Atoi(zone[4:6])
		if e1 != nil || e2 != nil || zone[3] != ':' {
			return lo, hi, fmt.Errorf("bad time zone in %q", s)
		}
		off := zh*3600 + zm*60
		if zone[0] == '-' {
			off = -off
		}
		loc = time.FixedZone(zone, off)
	}
	var h, m, sec int
	parts := strings.Split(clock, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return lo, hi, fmt.Errorf("bad time in %q", s)
	}
	h, err = strconv.Atoi(parts[0])
	if err == nil {
		m, err = strconv.Atoi(parts[1])
	}
	if err == nil && len(parts) == 3 {
		sec, err = strconv.Atoi(strings.SplitN(parts[2], ".", 2)[0])
	}
	if err != nil || h > 24 || m > 59 || sec > 60 {
		return lo, hi, fmt.Errorf("bad time in %q", s)
	}
	lo = time.Date(year, time.Month(month), day, h, m, sec, 0, loc)
	return lo.UTC(), lo.UTC(), nil
}

func checkDay(year, month, day int) error {
	if month < 1 || month > 12 {
		return fmt.Errorf("month %d out of range", month)
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if day < 1 || t.Day() != day {
		return fmt.Errorf("day %d out of range for %s %d", day, time.Month(month), year)
	}
	return nil
}

func plausible(lo, hi time.Time) error {
	if y := lo.In(eastern).Year(); y < minYear || y > maxYear {
		return fmt.Errorf("year %d is outside %d–%d", y, minYear, maxYear)
	}
	if y := hi.In(eastern).Year(); y < minYear || y > maxYear {
		return fmt.Errorf("year %d is outside %d–%d", y, minYear, maxYear)
	}
	if hi.Before(lo) {
		return fmt.Errorf("interval ends (%s) before it starts (%s)", hi.Format(time.RFC3339), lo.Format(time.RFC3339))
	}
	return nil
}

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

const monthRE = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`

var (
	// "March 26, 1936", "Oct. 18 1962", "January 3d, 1866"
	reMonthDayYear = regexp.MustCompile(`(?i)\b` + monthRE + `\s*(\d{1,2})(?:st|nd|rd|th|d)?\b[\s,.]*(1[789]\d\d|20\d\d)\b`)
	// "26 March 1936", "26th of March, 1936"
	reDayMonthYear = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th|d)?\s+(?:of\s+)?` + monthRE + `[\s,.]*(1[789]\d\d|20\d\d)\b`)
	// "July —, 1877", "July, 1877", "July 1877"
	reMonthYear = regexp.MustCompile(`(?i)\b` + monthRE + `[\s,.—–-]*(1[789]\d\d|20\d\d)\b`)
	reYear      = regexp.MustCompile(`\b(1[789]\d\d|20\d\d)\b`)
	// "5 p.m.", "10:30 a. m.", "noon", "midnight"
	reClock = regexp.MustCompile(`(?i)\b(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\b\.?`)
	reNoon  = regexp.MustCompile(`(?i)\b(noon|midnight)\b`)
)

// parseDateText reads a date written out in words, as legacy datelines
// give it ("London, March 26, 1936—noon", "July —, 1877"), and returns the
// interval it covers in UTC. ok is false when no date is found.
func parseDateText(s string) (lo, hi time.Time, ok bool, err error) {
	s = strings.ReplaceAll(s, "\u00a0", " ")
	var (
		year, day int
		month     time.Month
		tail      string
	)
	if m := reMonthDayYear.FindStringSubmatchIndex(s); m != nil {
		month = months[strings.ToLower(s[m[2]:m[3]])]
		day, _ = strconv.Atoi(s[m[4]:m[5]])
		year, _ = strconv.Atoi(s[m[6]:m[7]])
		tail = s[m[1]:]
	} else if m := reDayMonthYear.FindStringSubmatchIndex(s); m != nil {
		day, _ = strconv.Atoi(s[m[2]:m[3]])
		month = months[strings.ToLower(s[m[4]:m[5]])]
		year, _ = strconv.Atoi(s[m[6]:m[7]])
		tail = s[m[1]:]
	} else if m := reMonthYear.FindStringSubmatch(s); m != nil {
		month = months[strings.ToLower(m[1])]
		year, _ = strconv.Atoi(m[2])
		lo = time.Date(year, month, 1, 0, 0, 0, 0, eastern)
		return lo.UTC(), lo.AddDate(0, 1, 0).Add(-time.Second).UTC(), true, nil
	} else if m := reYear.FindAllStringSubmatch(s, -1); len(m) == 1 {
		year, _ = strconv.Atoi(m[0][1])
		lo = time.Date(year, 1, 1, 0, 0, 0, 0, eastern)
		return lo.UTC(), lo.AddDate(1, 0, 0).Add(-time.Second).UTC(), true, nil
	} else {
		return lo, hi, false, nil
	}
	if err := checkDay(year, int(month), day); err != nil {
		return lo, hi, true, err
	}
	if h, m, found := parseClock(tail); found {
		lo = time.Date(year, month, day, h, m, 0, 0, eastern)
		return lo.UTC(), lo.Add(59 * time.Second).UTC(), true, nil
	}
	lo = time.Date(year, month, day, 0, 0, 0, 0, eastern)
	return lo.UTC(), lo.AddDate(0, 0, 1).Add(-time.Second).UTC(), true, nil
}

// parseClock finds a time of day at the start of what follows a date.
func parseClock(s string) (h, m int, ok bool) {
	if len(s) > 40 {
		s = s[:40]
	}
	if mm := reClock.FindStringSubmatch(s); mm != nil {
		h, _ = strconv.Atoi(mm[1])
		if mm[2] != "" {
			m, _ = strconv.Atoi(mm[2])
		}
		if h < 1 || h > 12 || m > 59 {
			return 0, 0, false
		}
		if strings.EqualFold(mm[3], "p") && h != 12 {
			h += 12
		} else if strings.EqualFold(mm[3], "a") && h == 12 {
			h = 0
		}
		return h, m, true
	}
	if mm := reNoon.FindStringSubmatch(s); mm != nil {
		if strings.EqualFold(mm[1], "noon") {
			return 12, 0, true
		}
		return 0, 0, true
	}
	return 0, 0, false
}
