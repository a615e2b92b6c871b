package chancery

import "context"

// The publisher's reference datasets (package datasets reads them): the
// cross-volume registry of persons, Principal Officers and Chiefs of
// Mission, and the Presidents' terms with the trips of Presidents and
// Secretaries. Each is loaded whole and replaces an older load of itself.
const (
	DatasetPeople  = "people"  // HistoryAtState/people
	DatasetPOCOM   = "pocom"   // HistoryAtState/pocom
	DatasetTravels = "travels" // HistoryAtState/travels
)

// DatasetNames are the datasets, in the order they are loaded.
var DatasetNames = []string{DatasetPeople, DatasetPOCOM, DatasetTravels}

// Dataset is one load of a reference dataset: its records, and where and
// when it was read.
type Dataset struct {
	Name   string `json:"name"`   // DatasetPeople, DatasetPOCOM or DatasetTravels
	Source string `json:"source"` // the archive read: a file or an address
	Loaded string `json:"loaded"` // when, RFC 3339
	// Warnings are the files of the archive left out of the load, each
	// with what is wrong with it.
	Warnings []Warning `json:"warnings,omitempty"`

	People     []RegistryPerson `json:"people,omitempty"`     // people
	Officials  []Official       `json:"officials,omitempty"`  // pocom
	Positions  []Position       `json:"positions,omitempty"`  // pocom
	Tenures    []Tenure         `json:"tenures,omitempty"`    // pocom
	Presidents []Presidency     `json:"presidents,omitempty"` // travels
	Trips      []Trip           `json:"trips,omitempty"`      // travels
}

// Counts returns how many records of each kind the load holds, for stats.
func (d *Dataset) Counts() DatasetCounts {
	return DatasetCounts{People: len(d.People), Officials: len(d.Officials), Positions: len(d.Positions), Tenures: len(d.Tenures), Presidents: len(d.Presidents), Trips: len(d.Trips)}
}

// DatasetCounts counts the records of a load by kind.
type DatasetCounts struct {
	People     int `json:"people,omitempty"`
	Officials  int `json:"officials,omitempty"`
	Positions  int `json:"positions,omitempty"`
	Tenures    int `json:"tenures,omitempty"`
	Presidents int `json:"presidents,omitempty"`
	Trips      int `json:"trips,omitempty"`
}

// DatasetInfo is what a store tells of a load without its records.
type DatasetInfo struct {
	Name     string        `json:"name"`
	Source   string        `json:"source"`
	Loaded   string        `json:"loaded"`
	Warnings int           `json:"warnings"`
	Counts   DatasetCounts `json:"counts"`
}

// RegistryPerson is a person of the publisher's cross-volume registry
// (HistoryAtState/people): one identity whatever the volumes call them.
type RegistryPerson struct {
	ID       string        `json:"id"`   // "100001"
	Name     string        `json:"name"` // the preferred name, "Aaron, David Laurence"
	Variants []NameVariant `json:"variants,omitempty"`
	Birth    string        `json:"birth,omitempty"` // a year, as given
	Death    string        `json:"death,omitempty"`
	POCOM    string        `json:"pocom,omitempty"` // the Official's id, when the registry links one
	VIAF     string        `json:"viaf,omitempty"`
}

// NameVariant is a name the registry has seen for a person, with the
// volumes' persons entries that use it.
type NameVariant struct {
	Name    string        `json:"name"`
	Entries []PersonEntry `json:"entries,omitempty"`
}

// PersonEntry is a persons entry of a volume: frus1961-63v05#p_RD1.
type PersonEntry struct {
	Volume string `json:"volume"`
	ID     string `json:"id"`
}

// Official is a person of Principal Officers and Chiefs of Mission.
type Official struct {
	ID       string `json:"id"` // "rusk-david-dean"
	Surname  string `json:"surname"`
	Forename string `json:"forename,omitempty"`
	AltName  string `json:"altName,omitempty"` // "Dean Rusk"
	Birth    string `json:"birth,omitempty"`
	Death    string `json:"death,omitempty"`
}

// Name returns how an official is usually called: the alternative name,
// else forename and surname.
func (o Official) Name() string {
	if o.AltName != "" {
		return o.AltName
	}
	if o.Forename == "" {
		return o.Surname
	}
	return o.Forename + " " + o.Surname
}

// Position is an office whose holders POCOM lists: a principal position
// of the Department (the Secretary, an Assistant Secretary …), a chief of
// mission's post in a country or at an organisation, or a chief's title.
type Position struct {
	ID       string `json:"id"`               // "secretary", "china", "representative-to-un"
	Kind     string `json:"kind"`             // PositionPrincipal, PositionCountry, PositionOrg or PositionRole
	Name     string `json:"name"`             // "Secretary of State"; a country's id when POCOM names none
	Plural   string `json:"plural,omitempty"` // "Secretaries of State"
	Category string `json:"category,omitempty"`
}

// Kinds of Position.
const (
	PositionPrincipal = "principal" // positions-principals
	PositionCountry   = "country"   // missions-countries: the chiefs of mission in a country
	PositionOrg       = "org"       // missions-orgs: the chiefs of mission to an organisation
	PositionRole      = "role"      // roles-country-chiefs: a chief's title, "Envoy Extraordinary …"
)

// Tenure is one holding of a position by an official, with its dates as
// POCOM gives them (a day, a month, a year, or nothing).
type Tenure struct {
	ID        string `json:"id"`       // POCOM's, "secr-1961-rusk"
	Person    string `json:"person"`   // the Official's id
	Position  string `json:"position"` // the Position's id: "secretary", "china"
	Role      string `json:"role"`     // the title's id: "secretary", "envoy-extraordinary-minister-plenipotentiary"
	Appointed string `json:"appointed,omitempty"`
	Started   string `json:"started,omitempty"` // entry on duty, presentation of credentials
	Ended     string `json:"ended,omitempty"`
	Note      string `json:"note,omitempty"`
}

// Presidency is a President's term of office.
type Presidency struct {
	ID    string `json:"id"` // "kennedy-john-f"
	Name  string `json:"name"`
	Birth string `json:"birth,omitempty"`
	Death string `json:"death,omitempty"`
	Took  string `json:"took"`           // took office, YYYY-MM-DD
	Left  string `json:"left,omitempty"` // left office; "" while in office
}

// Trip is a journey abroad of a President or a Secretary of State.
type Trip struct {
	ID      string `json:"id"`
	Role    string `json:"role"`   // "president" or "secretary"
	Person  string `json:"person"` // the traveller's id (POCOM's for Secretaries)
	Name    string `json:"name"`
	Start   string `json:"start"`
	End     string `json:"end,omitempty"`
	Country string `json:"country,omitempty"` // its id, "france"
	Locale  string `json:"locale,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

// Datasets is what a store keeps of the reference datasets.
type Datasets interface {
	// PutDataset stores a load of a dataset, replacing an older load of
	// the same dataset whole, in one transaction: a failed put leaves the
	// older load as it was.
	PutDataset(ctx context.Context, d *Dataset) error
	// DatasetInfos lists the datasets loaded, in DatasetNames' order.
	DatasetInfos(ctx context.Context) ([]DatasetInfo, error)
	// LoadDataset returns the stored load of a dataset, its records
	// whole; ErrNotFound if it was never loaded.
	LoadDataset(ctx context.Context, name string) (*Dataset, error)
}

// DocumentPerson is a person of a document and who they are (package
// identity resolves them): stored with the volume, and again whenever a
// newer load of the datasets is stored.
type DocumentPerson struct {
	Volume   string `json:"volume"`
	Document string `json:"document"`
	Ordinal  int    `json:"ordinal"`        // the document's place in its volume
	Title    string `json:"title"`          // the document's title
	Date     string `json:"date,omitempty"` // the document's date, as precisely as known: YYYY-MM-DD, YYYY-MM or YYYY
	Kind     string `json:"kind"`           // "from", "to", "participant", "mention"
	Person   string `json:"person"`         // the identity's id: POCOM's, the registry's or a President's
	Name     string `json:"name"`
	How      string `json:"how"`  // "registry", "matched", "office"
	Text     string `json:"text"` // the words of the document
	Evidence string `json:"evidence,omitempty"`
}

// People is what a store keeps of the persons of its documents.
type People interface {
	// PutPeople replaces the persons of a stored volume's documents.
	PutPeople(ctx context.Context, volume string, ps []DocumentPerson) error
	// PersonDocuments returns where a person appears, by date, then
	// volume and place.
	PersonDocuments(ctx context.Context, person string) ([]DocumentPerson, error)
	// CoParticipants returns the participants of the memoranda of
	// conversation and meetings a person took part in, the person among
	// them.
	CoParticipants(ctx context.Context, person string) ([]DocumentPerson, error)
}
