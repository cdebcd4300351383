package synth

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// nameTable draws names in proportion to how often they occur.
type nameTable struct {
	names []string
	cum   []float64 // running total of the weights, for a binary search
}

func (t *nameTable) add(name string, w float64) {
	if name == "" || w <= 0 {
		return
	}
	total := w
	if n := len(t.cum); n > 0 {
		total += t.cum[n-1]
	}
	t.names = append(t.names, name)
	t.cum = append(t.cum, total)
}

func (t *nameTable) draw(r *rand.Rand) string {
	if len(t.names) == 0 {
		return ""
	}
	x := r.Float64() * t.cum[len(t.cum)-1]
	return t.names[sort.SearchFloat64s(t.cum, x)%len(t.names)]
}

// nameBook holds every name table the generator draws from. Tables come
// from the population-frequency files in $CLEARANCE_NAMES (see
// shared/data/names/MANIFEST.md; they are read, never copied into the
// repository); a missing file falls back to the short built-in lists
// below, so generation works anywhere, just with less variety.
type nameBook struct {
	usMale, usFemale, usFamily nameTable
	esMale, esFemale, esFamily nameTable
	ruMale, ruFemale, ruFamily nameTable
	cnFamily                   nameTable
	krFamily                   nameTable
	// source says where each table came from, for the run report.
	source map[string]string
}

// Cut-offs keep draws to names a reader would recognise as ordinary: the
// long tail of the US tables is full of one-off spellings.
const (
	maxGiven  = 4000
	maxFamily = 20000
)

func loadNames(dir string) *nameBook {
	b := &nameBook{source: map[string]string{}}
	try := func(key, file string, read func(io.Reader) error, fallback func()) {
		err := readTable(filepath.Join(dir, file), read)
		if err != nil {
			fallback()
			b.source[key] = "built-in"
			return
		}
		b.source[key] = file
	}
	try("us_given", "us_ssa_given_names_1880_2023.csv", func(r io.Reader) error {
		return eachRow(r, func(rec []string, i int) {
			if i >= maxGiven || len(rec) < 3 {
				return
			}
			f, _ := strconv.ParseFloat(rec[1], 64)
			m, _ := strconv.ParseFloat(rec[2], 64)
			if f > m*4 {
				b.usFemale.add(rec[0], f)
			} else if m > f*4 {
				b.usMale.add(rec[0], m)
			}
		})
	}, func() {
		fillFixed(&b.usMale, fallbackUSMale)
		fillFixed(&b.usFemale, fallbackUSFemale)
	})
	try("us_family", "us_census2010_surnames.csv.gz", func(r io.Reader) error {
		return eachRow(r, func(rec []string, i int) {
			if i >= maxFamily || len(rec) < 3 {
				return
			}
			c, _ := strconv.ParseFloat(rec[2], 64)
			b.usFamily.add(titleCase(rec[0]), c)
		})
	}, func() { fillFixed(&b.usFamily, fallbackUSFamily) })
	try("es_given", "spain_ine_given_names_2021.csv", func(r io.Reader) error {
		return eachRow(r, func(rec []string, i int) {
			if len(rec) < 3 {
				return
			}
			c, _ := strconv.ParseFloat(rec[2], 64)
			if c < 20000 {
				return
			}
			if rec[1] == "M" {
				b.esMale.add(titleCase(rec[0]), c)
			} else {
				b.esFemale.add(titleCase(rec[0]), c)
			}
		})
	}, func() {
		fillFixed(&b.esMale, fallbackESMale)
		fillFixed(&b.esFemale, fallbackESFemale)
	})
	try("es_family", "spain_ine_surnames_2021.csv.gz", func(r io.Reader) error {
		return eachRow(r, func(rec []string, i int) {
			if i >= 3000 || len(rec) < 3 {
				return
			}
			c, _ := strconv.ParseFloat(rec[2], 64)
			b.esFamily.add(titleCase(rec[1]), c)
		})
	}, func() { fillFixed(&b.esFamily, fallbackESFamily) })
	try("ru_given", "russia_given_names_registries.csv", func(r io.Reader) error {
		return eachRow(r, func(rec []string, i int) {
			if i >= 600 || len(rec) < 5 {
				return
			}
			c, _ := strconv.ParseFloat(rec[4], 64)
			switch rec[2] {
			case "m":
				b.ruMale.add(titleCase(rec[1]), c)
			case "f":
				b.ruFemale.add(titleCase(rec[1]), c)
			}
		})
	}, func() {
		fillFixed(&b.ruMale, fallbackRUMale)
		fillFixed(&b.ruFemale, fallbackRUFemale)
	})
	try("ru_family", "russia_surnames_top503_relative.csv", func(r io.Reader) error {
		return eachRow(r, func(rec []string, _ int) {
			if len(rec) < 4 {
				return
			}
			c, _ := strconv.ParseFloat(rec[3], 64)
			b.ruFamily.add(titleCase(rec[2]), c)
		})
	}, func() { fillFixed(&b.ruFamily, fallbackRUFamily) })
	try("cn_family", "china_surnames_top400.csv", func(r io.Reader) error {
		seen := map[string]bool{}
		return eachRow(r, func(rec []string, _ int) {
			if len(rec) < 5 || seen[rec[2]] {
				return
			}
			seen[rec[2]] = true
			c, _ := strconv.ParseFloat(rec[4], 64)
			b.cnFamily.add(titleCase(rec[2]), c)
		})
	}, func() { fillFixed(&b.cnFamily, fallbackCNFamily) })
	try("kr_family", "korea_surnames_2015.csv", func(r io.Reader) error {
		return eachRow(r, func(rec []string, i int) {
			// Only the curated common spellings: the mechanical RR form
			// ("Gim", "I") is not how Korean-Americans write their names.
			if i >= 41 || len(rec) < 6 || rec[5] == "" {
				return
			}
			c, _ := strconv.ParseFloat(rec[2], 64)
			sp := strings.Split(rec[5], ";")
			for j, s := range sp {
				// The first spelling is the usual one; the others share a
				// smaller part of the weight.
				w := c * 0.7
				if j > 0 {
					w = c * 0.3 / float64(len(sp)-1)
				}
				b.krFamily.add(strings.TrimSpace(s), w)
			}
		})
	}, func() { fillFixed(&b.krFamily, fallbackKRFamily) })
	if len(b.usMale.names) == 0 || len(b.usFemale.names) == 0 {
		fillFixed(&b.usMale, fallbackUSMale)
		fillFixed(&b.usFemale, fallbackUSFemale)
		b.source["us_given"] = "built-in"
	}
	for _, t := range []struct {
		t  *nameTable
		fb []string
	}{{&b.usFamily, fallbackUSFamily}, {&b.esMale, fallbackESMale}, {&b.esFemale, fallbackESFemale}, {&b.esFamily, fallbackESFamily}, {&b.ruMale, fallbackRUMale}, {&b.ruFemale, fallbackRUFemale}, {&b.ruFamily, fallbackRUFamily}, {&b.cnFamily, fallbackCNFamily}, {&b.krFamily, fallbackKRFamily}} {
		if len(t.t.names) == 0 {
			fillFixed(t.t, t.fb)
		}
	}
	return b
}

func readTable(path string, read func(io.Reader) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReader(f)
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return err
		}
		defer gz.Close()
		r = gz
	}
	return read(r)
}

// eachRow calls fn for every data row of a CSV file (header skipped) with
// the row's position.
func eachRow(r io.Reader, fn func(rec []string, i int)) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil {
		return err
	}
	rows := 0
	for i := 0; ; i++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		fn(rec, i)
		rows++
	}
	if rows == 0 {
		return errors.New("empty table")
	}
	return nil
}

func fillFixed(t *nameTable, names []string) {
	*t = nameTable{}
	for i, n := range names {
		// A gentle Zipf slope so the first names of each list, the most
		// common ones, come up most.
		t.add(n, 1/float64(i+3))
	}
}

func titleCase(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	out := []rune(s)
	up := true
	for i, c := range out {
		if up && c >= 'a' && c <= 'z' {
			out[i] = c - 'a' + 'A'
		}
		up = c == ' ' || c == '-' || c == '\''
	}
	return string(out)
}

// The fallback lists are short and common, written for this generator.
var (
	fallbackUSMale   = []string{"James", "Michael", "John", "Robert", "David", "William", "Richard", "Joseph", "Thomas", "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Steven", "Andrew", "Joshua", "Kevin", "Brian", "Ryan", "Jason", "Eric", "Justin", "Brandon", "Tyler", "Kyle", "Aaron", "Adam", "Nathan", "Zachary"}
	fallbackUSFemale = []string{"Mary", "Jennifer", "Linda", "Patricia", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen", "Emily", "Ashley", "Amanda", "Melissa", "Michelle", "Laura", "Rachel", "Megan", "Hannah", "Nicole", "Stephanie", "Rebecca", "Olivia", "Emma", "Grace", "Natalie"}
	fallbackUSFamily = []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers"}
	fallbackESMale   = []string{"Antonio", "Manuel", "Jose", "Francisco", "David", "Juan", "Javier", "Daniel", "Carlos", "Alejandro", "Miguel", "Rafael", "Pablo", "Sergio", "Luis"}
	fallbackESFemale = []string{"Maria", "Carmen", "Ana", "Laura", "Isabel", "Lucia", "Cristina", "Marta", "Elena", "Sara", "Paula", "Raquel", "Rosa", "Pilar", "Beatriz"}
	fallbackESFamily = []string{"Garcia", "Rodriguez", "Gonzalez", "Fernandez", "Lopez", "Martinez", "Sanchez", "Perez", "Gomez", "Martin", "Jimenez", "Ruiz", "Hernandez", "Diaz", "Moreno", "Alvarez", "Romero", "Alonso", "Gutierrez", "Navarro"}
	fallbackRUMale   = []string{"Aleksandr", "Sergei", "Dmitrii", "Andrei", "Aleksei", "Vladimir", "Ivan", "Mikhail", "Nikolai", "Evgenii", "Oleg", "Pavel", "Igor", "Artem", "Maksim"}
	fallbackRUFemale = []string{"Elena", "Olga", "Tatiana", "Natalia", "Irina", "Svetlana", "Anna", "Mariia", "Ekaterina", "Iuliia", "Anastasiia", "Marina"}
	fallbackRUFamily = []string{"Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasilev", "Petrov", "Sokolov", "Mikhailov", "Novikov", "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev", "Semenov"}
	fallbackCNFamily = []string{"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao"}
	fallbackKRFamily = []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong"}
)

// Given names for countries the shared tables do not cover, and Korean
// given names as Korean-Americans and Koreans write them in Latin letters.
// Common names, written for this generator.
var givenByCountry = map[string][2][]string{
	"IN": {{"Rahul", "Amit", "Vikram", "Arjun", "Rohan", "Sanjay", "Karthik", "Aditya", "Suresh", "Pradeep", "Nikhil", "Ravi"}, {"Priya", "Ananya", "Divya", "Kavya", "Neha", "Pooja", "Sneha", "Deepika", "Lakshmi", "Meera"}},
	"PK": {{"Muhammad", "Ahmed", "Ali", "Hassan", "Usman", "Bilal", "Imran", "Faisal", "Hamza", "Zain"}, {"Ayesha", "Fatima", "Sana", "Hira", "Mahnoor", "Zainab", "Amna"}},
	"PH": {{"Mark", "John Paul", "Christian", "Joshua", "Angelo", "Carlo", "Jerome", "Rommel"}, {"Maria", "Kristine", "Joy", "Angelica", "Rowena", "Mary Grace", "Jasmine"}},
	"VN": {{"Minh", "Tuan", "Hung", "Duc", "Quang", "Thanh", "Huy", "Long"}, {"Linh", "Trang", "Huong", "Mai", "Thao", "Ngoc", "Lan"}},
	"UA": {{"Oleksandr", "Andrii", "Dmytro", "Serhii", "Volodymyr", "Mykola", "Taras", "Bohdan", "Yurii"}, {"Olena", "Iryna", "Oksana", "Nataliia", "Kateryna", "Yuliia", "Tetiana"}},
	"PL": {{"Piotr", "Krzysztof", "Tomasz", "Pawel", "Michal", "Marcin", "Lukasz", "Jakub"}, {"Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika", "Aleksandra"}},
	"BR": {{"Joao", "Pedro", "Lucas", "Gabriel", "Rafael", "Thiago", "Felipe", "Bruno"}, {"Ana", "Mariana", "Juliana", "Camila", "Fernanda", "Beatriz", "Larissa"}},
	"NG": {{"Chinedu", "Emeka", "Oluwaseun", "Ibrahim", "Tunde", "Obinna", "Segun"}, {"Ngozi", "Chiamaka", "Funmilayo", "Aisha", "Adaeze", "Temitope"}},
	"DE": {{"Lukas", "Jonas", "Felix", "Maximilian", "Tobias", "Florian", "Stefan", "Jan"}, {"Anna", "Lena", "Julia", "Katharina", "Sophie", "Laura", "Sarah"}},
	"CN": {{"Wei", "Jun", "Lei", "Hao", "Jie", "Tao", "Yong", "Qiang", "Bo", "Chen"}, {"Fang", "Jing", "Li", "Min", "Yan", "Xiu Ying", "Hui", "Ling"}},
	"KR": {{"Min-jun", "Ji-hoon", "Seo-jun", "Hyun-woo", "Joon-young", "Sung-min", "Dong-hyun", "Jae-won", "Young-ho", "Sang-min", "Tae-yang", "Jin-woo"}, {"Seo-yeon", "Ji-woo", "Min-seo", "Su-bin", "Ha-eun", "Ji-yeon", "Eun-ji", "Hye-jin", "Soo-jin", "Yoon-ah", "Da-eun"}},
}

// familyByCountry covers the same countries' family names.
var familyByCountry = map[string][]string{
	"IN": {"Sharma", "Patel", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Gupta", "Rao", "Mehta", "Joshi", "Das"},
	"PK": {"Khan", "Ahmed", "Ali", "Hussain", "Malik", "Sheikh", "Qureshi", "Butt", "Chaudhry"},
	"PH": {"Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Mendoza", "Ramos", "Aquino", "Villanueva", "Dela Cruz"},
	"VN": {"Nguyen", "Tran", "Le", "Pham", "Hoang", "Phan", "Vu", "Dang", "Bui", "Do"},
	"UA": {"Melnyk", "Shevchenko", "Boiko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliinyk", "Koval"},
	"PL": {"Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski", "Zielinski", "Szymanski"},
	"BR": {"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Costa"},
	"NG": {"Okafor", "Adeyemi", "Okoro", "Balogun", "Eze", "Nwosu", "Abubakar", "Ogunleye"},
	"DE": {"Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann"},
}
