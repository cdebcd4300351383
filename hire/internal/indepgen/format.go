package indepgen

import (
	"crypto/sha256"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
)

// Messy renderings of one underlying value: each shared value is written
// the way the person who typed it would, so that two records holding one
// phone, address or account rarely hold the same string.

// phone is a national significant number in a country.
type phone struct {
	cc   string // ISO country
	code string // calling code
	nsn  string // national significant number, digits
}

func (p phone) format(r *rand.Rand) string {
	n := p.nsn
	switch p.cc {
	case "US", "CA":
		a, b, c := n[:3], n[3:6], n[6:]
		forms := []string{
			fmt.Sprintf("(%s) %s-%s", a, b, c), fmt.Sprintf("%s-%s-%s", a, b, c), fmt.Sprintf("%s.%s.%s", a, b, c),
			fmt.Sprintf("+1 %s %s %s", a, b, c), "+1" + n, fmt.Sprintf("1-%s-%s-%s", a, b, c), fmt.Sprintf("001 %s %s %s", a, b, c),
			fmt.Sprintf("+1 (%s) %s-%s", a, b, c), n, fmt.Sprintf("+1-%s-%s-%s", a, b, c),
		}
		s := forms[r.IntN(len(forms))]
		if r.IntN(12) == 0 {
			s += []string{" ext. 12", " x204", " ext 3", ";ext=17"}[r.IntN(4)]
		}
		return s
	case "GB":
		forms := []string{"0" + n[:4] + " " + n[4:], "+44 " + n[:4] + " " + n[4:], "0044 " + n[:4] + " " + n[4:], "+44 (0)" + n[:4] + " " + n[4:], "+44" + n}
		return forms[r.IntN(len(forms))]
	case "DE":
		forms := []string{"0" + n[:3] + " " + n[3:], "+49 " + n[:3] + " " + n[3:], "+49 (0)" + n[:3] + " " + n[3:7] + " " + n[7:], "0049 " + n[:3] + " " + n[3:], "+49-" + n[:3] + "-" + n[3:]}
		return forms[r.IntN(len(forms))]
	case "KR":
		forms := []string{"0" + n[:2] + "-" + n[2:6] + "-" + n[6:], "+82 " + n[:2] + "-" + n[2:6] + "-" + n[6:], "+82 (0)" + n[:2] + " " + n[2:6] + " " + n[6:], "0" + n, "+82" + n}
		return forms[r.IntN(len(forms))]
	case "JP":
		forms := []string{"0" + n[:2] + "-" + n[2:6] + "-" + n[6:], "+81 " + n[:2] + " " + n[2:6] + " " + n[6:], "+81-" + n[:2] + "-" + n[2:6] + "-" + n[6:]}
		return forms[r.IntN(len(forms))]
	}
	forms := []string{"+" + p.code + " " + n, "+" + p.code + n, "00" + p.code + " " + n}
	return forms[r.IntN(len(forms))]
}

var callingCode = map[string]string{"US": "1", "CA": "1", "GB": "44", "DE": "49", "KR": "82", "JP": "81", "IN": "91", "PH": "63", "UA": "380", "PK": "92", "BR": "55", "NG": "234", "VN": "84", "PL": "48", "AR": "54", "CN": "86", "HK": "852", "RU": "7"}

func newPhone(r *rand.Rand, c city, mobile bool) phone {
	p := phone{cc: c.country, code: callingCode[c.country]}
	digits := func(k int) string {
		var b strings.Builder
		for i := 0; i < k; i++ {
			b.WriteByte(byte('0' + r.IntN(10)))
		}
		return b.String()
	}
	switch c.country {
	case "US", "CA":
		area := c.area[r.IntN(len(c.area))]
		if r.IntN(25) == 0 {
			// Area code 555, as test data and some exports hold it
			// (not a valid area code: no phone library validates it).
			p.nsn = "555" + fmt.Sprint(2+r.IntN(8)) + digits(6)
		} else {
			p.nsn = area + fmt.Sprint(2+r.IntN(8)) + digits(2) + digits(4)
		}
	case "GB":
		p.nsn = "7" + fmt.Sprint(4+r.IntN(6)) + digits(8)
	case "DE":
		p.nsn = "15" + fmt.Sprint(1+r.IntN(9)) + digits(8)
	case "KR":
		p.nsn = "10" + fmt.Sprint(2+r.IntN(8)) + digits(7)
	case "JP":
		p.nsn = []string{"90", "80", "70"}[r.IntN(3)] + fmt.Sprint(1+r.IntN(9)) + digits(7)
	case "CN":
		p.nsn = "13" + digits(9)
	case "IN":
		p.nsn = fmt.Sprint(7+r.IntN(3)) + digits(9)
	case "HK":
		p.nsn = fmt.Sprint(5+r.IntN(5)) + digits(7)
	default:
		p.nsn = fmt.Sprint(3+r.IntN(6)) + digits(8)
	}
	_ = mobile
	return p
}

// addr is one postal address.
type addr struct {
	c      city
	num    int
	street int // index into the country's street pool
	suf    int
	dir    int // -1 none
	unit   string
	jpSub  [2]int
}

func newAddr(r *rand.Rand, c city, withUnit bool) addr {
	a := addr{c: c, num: 10 + r.IntN(9980), street: r.IntN(20), suf: r.IntN(len(usSuffixes)), dir: -1}
	if r.IntN(4) == 0 {
		a.dir = r.IntN(4)
	}
	if withUnit {
		a.unit = newUnit(r)
	}
	a.jpSub = [2]int{1 + r.IntN(5), 1 + r.IntN(30)}
	return a
}

func newUnit(r *rand.Rand) string {
	switch r.IntN(3) {
	case 0:
		return fmt.Sprint(100*(1+r.IntN(20)) + 1 + r.IntN(12))
	case 1:
		return fmt.Sprintf("%d%c", 1+r.IntN(9), 'A'+r.IntN(6))
	}
	return fmt.Sprint(1 + r.IntN(40))
}

// format writes the address in one of its country's styles. native allows
// scripts other than Latin (hangul, kanji) for addresses nobody else holds.
func (a addr) format(r *rand.Rand, native bool) string {
	c := a.c
	switch c.country {
	case "US":
		st := usStreets[a.street%len(usStreets)]
		suf := usSuffixes[a.suf]
		style := r.IntN(5)
		var dir string
		if a.dir >= 0 {
			dir = usDirs[a.dir][0] + " "
			if style == 1 {
				dir = usDirs[a.dir][1] + " "
			} else if style == 2 {
				dir = usDirs[a.dir][0] + ". "
			}
		}
		street := fmt.Sprintf("%d %s%s %s", a.num, dir, st, suf[0])
		if style == 1 || style == 4 {
			street = fmt.Sprintf("%d %s%s %s", a.num, dir, st, suf[1])
		}
		if style == 2 {
			street += "."
		}
		unit := ""
		if a.unit != "" {
			unit = []string{" Apt " + a.unit, ", Unit " + a.unit, " #" + a.unit, " Apt. " + a.unit, ", APT " + a.unit}[r.IntN(5)]
		}
		zip := c.post
		if r.IntN(4) == 0 {
			zip += fmt.Sprintf("-%04d", (a.num*7)%10000)
		}
		region := c.region
		if style == 1 {
			region = c.regionLong
		}
		s := fmt.Sprintf("%s%s, %s, %s %s", street, unit, c.name, region, zip)
		switch style {
		case 2:
			s = strings.ToUpper(strings.ReplaceAll(s, ",", ""))
		case 3:
			s = strings.ToLower(street+unit) + "\n" + strings.ToLower(c.name+", "+region+" "+zip)
		case 4:
			s = fmt.Sprintf("%s%s\n%s %s %s\nUSA", street, unit, c.name, region, zip)
		}
		return s
	case "CA":
		st := usStreets[a.street%len(usStreets)]
		suf := usSuffixes[a.suf]
		post := c.post
		if r.IntN(2) == 0 {
			post = strings.ReplaceAll(post, " ", "")
		}
		if a.unit == "" {
			return []string{fmt.Sprintf("%d %s %s, %s %s %s", a.num, st, suf[0], c.name, c.region, post), fmt.Sprintf("%d %s %s, %s, %s %s", a.num, st, suf[1], c.name, c.regionLong, post)}[r.IntN(2)]
		}
		forms := []string{
			fmt.Sprintf("%s-%d %s %s, %s %s %s", a.unit, a.num, st, suf[0], c.name, c.region, post),
			fmt.Sprintf("Apt %s, %d %s %s, %s, %s %s", a.unit, a.num, st, suf[1], c.name, c.regionLong, post),
			strings.ToUpper(fmt.Sprintf("#%s %d %s %s %s %s %s", a.unit, a.num, st, suf[0], c.name, c.region, post)),
			fmt.Sprintf("%d %s %s Suite %s, %s %s %s", a.num, st, suf[0], a.unit, c.name, c.region, post),
		}
		return forms[r.IntN(len(forms))]
	case "GB":
		st := gbStreets[a.street%len(gbStreets)]
		short := strings.NewReplacer("Road", "Rd", "Street", "St", "Avenue", "Ave", "Crescent", "Cres", "Gardens", "Gdns", "Terrace", "Terr", "Close", "Cl").Replace(st)
		if a.unit == "" {
			return []string{fmt.Sprintf("%d %s, %s %s", a.num%300, st, c.name, c.post), strings.ToUpper(fmt.Sprintf("%d %s, %s, %s", a.num%300, short, c.name, c.post))}[r.IntN(2)]
		}
		forms := []string{
			fmt.Sprintf("Flat %s, %d %s, %s %s", a.unit, a.num%300, st, c.name, c.post),
			strings.ToUpper(fmt.Sprintf("%d %s, Flat %s, %s, %s", a.num%300, short, a.unit, c.name, c.post)),
			fmt.Sprintf("Flat %s\n%d %s\n%s\n%s\nUnited Kingdom", a.unit, a.num%300, short, c.name, c.post),
		}
		return forms[r.IntN(len(forms))]
	case "DE":
		st := deStreets[a.street%len(deStreets)]
		n := a.num%180 + 1
		short := strings.Replace(st, "straße", "str.", 1)
		upper := strings.ToUpper(strings.Replace(st, "ß", "SS", 1))
		unit := ""
		if a.unit != "" {
			unit = []string{", Whg. " + a.unit, " / App. " + a.unit, ", Wohnung " + a.unit}[r.IntN(3)]
		}
		forms := []string{
			fmt.Sprintf("%s %d%s, %s %s", st, n, unit, c.post, c.name),
			fmt.Sprintf("%s %d%s, %s %s", short, n, unit, c.post, c.name),
			fmt.Sprintf("%s %d%s\n%s %s\nDeutschland", upper, n, strings.ToUpper(unit), c.post, strings.ToUpper(c.name)),
		}
		return forms[r.IntN(len(forms))]
	case "KR":
		n := a.num%300 + 1
		if native && r.IntN(2) == 0 {
			u := ""
			if a.unit != "" {
				u = ", " + a.unit + "호"
			}
			return fmt.Sprintf("%s %s %d%s", c.regionLong, krStreetsHangul[a.street%len(krStreets)], n, u)
		}
		st := krStreets[a.street%len(krStreets)]
		u := ""
		if a.unit != "" {
			u = []string{", Apt " + a.unit, " #" + a.unit, ", Unit " + a.unit}[r.IntN(3)]
		}
		return []string{fmt.Sprintf("%d %s%s, %s, %s %s", n, st, u, c.region, c.name, c.post), strings.ToUpper(fmt.Sprintf("%d %s%s, %s, %s, %s, Republic of Korea", n, st, u, c.region, c.name, c.post))}[r.IntN(2)]
	case "JP":
		area := jpAreas[a.street%len(jpAreas)]
		if native && r.IntN(2) == 0 {
			u := ""
			if a.unit != "" {
				u = " " + a.unit + "号室"
			}
			return fmt.Sprintf("〒%s %s%d-%d-%d%s", c.post, c.regionLong, a.jpSub[0], a.jpSub[1], a.num%20+1, u)
		}
		u := ""
		if a.unit != "" {
			u = " #" + a.unit
		}
		return fmt.Sprintf("%d-%d-%d %s%s, %s, %s %s", a.jpSub[0], a.jpSub[1], a.num%20+1, area, u, c.region, c.name, c.post)
	}
	u := ""
	if a.unit != "" {
		u = ", Apt " + a.unit
	}
	return fmt.Sprintf("%d %s Street%s, %s %s", a.num%500+1, usStreets[a.street%len(usStreets)], u, c.name, c.post)
}

// bank accounts

func abaRouting(r *rand.Rand) string {
	d := make([]int, 9)
	for {
		for i := 0; i < 8; i++ {
			d[i] = r.IntN(10)
		}
		d[0] = r.IntN(3) // 0-2: a Federal Reserve routing symbol
		s := 3*(d[0]+d[3]+d[6]) + 7*(d[1]+d[4]+d[7]) + d[2] + d[5]
		d[8] = (10 - s%10) % 10
		if d[0]+d[1] > 0 {
			break
		}
	}
	var b strings.Builder
	for _, x := range d {
		b.WriteByte(byte('0' + x))
	}
	return b.String()
}

func digits(r *rand.Rand, k int) string {
	var b strings.Builder
	b.WriteByte(byte('1' + r.IntN(9)))
	for i := 1; i < k; i++ {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

// account is a bank account in one of the shapes banks write.
type account struct {
	kind    string // aba, iban, local
	routing string
	number  string
	iban    string
}

func newUSAccount(r *rand.Rand) account {
	return account{kind: "aba", routing: abaRouting(r), number: digits(r, 8+r.IntN(5))}
}

func newIBAN(r *rand.Rand, cc string) account {
	var bban string
	switch cc {
	case "GB":
		bban = string([]byte{byte('A' + r.IntN(26)), byte('A' + r.IntN(26)), byte('A' + r.IntN(26)), byte('A' + r.IntN(26))}) + digits(r, 6) + digits(r, 8)
	case "NL":
		bban = "INGB" + "00" + digits(r, 8)
	default:
		bban = digits(r, 8) + digits(r, 10)
	}
	return account{kind: "iban", iban: cc + ibanCheck(cc, bban) + bban}
}

func ibanCheck(cc, bban string) string {
	s := bban + cc + "00"
	var num strings.Builder
	for _, ch := range s {
		if ch >= 'A' && ch <= 'Z' {
			num.WriteString(fmt.Sprint(int(ch-'A') + 10))
		} else {
			num.WriteRune(ch)
		}
	}
	n, _ := new(big.Int).SetString(num.String(), 10)
	m := new(big.Int).Mod(n, big.NewInt(97)).Int64()
	return fmt.Sprintf("%02d", 98-m)
}

func newLocalAccount(r *rand.Rand, cc string) account {
	switch cc {
	case "CN":
		return account{kind: "local", number: "6222" + digits(r, 15)}
	case "HK":
		return account{kind: "local", number: fmt.Sprintf("%03d-%06d-%03d", r.IntN(900)+4, r.IntN(1000000), r.IntN(1000))}
	case "KR":
		return account{kind: "local", number: fmt.Sprintf("110-%03d-%06d", r.IntN(1000), r.IntN(1000000))}
	}
	return account{kind: "local", number: digits(r, 10+r.IntN(4))}
}

func (a account) format(r *rand.Rand) string {
	switch a.kind {
	case "aba":
		forms := []string{
			a.routing + " " + a.number, a.routing + "-" + a.number, "Routing " + a.routing + " / Acct " + a.number,
			"routing " + a.routing + " / acct " + a.number, "Routing: " + a.routing + " Account: " + a.number,
			"ABA " + a.routing + " Acct# " + a.number, "RTN " + a.routing + ", account " + a.number,
		}
		return forms[r.IntN(len(forms))]
	case "iban":
		var g []string
		for i := 0; i < len(a.iban); i += 4 {
			g = append(g, a.iban[i:min(i+4, len(a.iban))])
		}
		forms := []string{strings.Join(g, " "), a.iban, strings.ToLower(strings.Join(g, " ")), strings.ToLower(a.iban), "IBAN: " + strings.Join(g, " ")}
		return forms[r.IntN(len(forms))]
	}
	forms := []string{a.number, strings.ReplaceAll(a.number, "-", ""), strings.ReplaceAll(a.number, "-", " ")}
	if len(a.number) > 12 && !strings.Contains(a.number, "-") {
		forms = append(forms, a.number[:4]+" "+a.number[4:8]+" "+a.number[8:12]+" "+a.number[12:])
	}
	return forms[r.IntN(len(forms))]
}

// wallets

const b58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

func tronAddress(r *rand.Rand) string {
	raw := make([]byte, 21)
	raw[0] = 0x41
	for i := 1; i < 21; i++ {
		raw[i] = byte(r.IntN(256))
	}
	h1 := sha256.Sum256(raw)
	h2 := sha256.Sum256(h1[:])
	full := append(raw, h2[:4]...)
	n := new(big.Int).SetBytes(full)
	var out []byte
	mod := new(big.Int)
	for n.Sign() > 0 {
		n.DivMod(n, big.NewInt(58), mod)
		out = append(out, b58[mod.Int64()])
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}

func ethAddress(r *rand.Rand) string {
	const hex = "0123456789abcdef"
	b := []byte("0x")
	for i := 0; i < 40; i++ {
		b = append(b, hex[r.IntN(16)])
	}
	return string(b)
}

func formatWallet(r *rand.Rand, w string) string {
	if strings.HasPrefix(w, "0x") && r.IntN(3) == 0 {
		return "0x" + strings.ToUpper(w[2:])
	}
	if r.IntN(6) == 0 {
		return " " + w + " "
	}
	return w
}

// e-mail: a Gmail box written in its many equivalent ways.
func gmailVariant(r *rand.Rand, local string) string {
	l := strings.ReplaceAll(local, ".", "")
	// re-dot at random places
	var b strings.Builder
	for i, ch := range l {
		if i > 0 && r.IntN(5) == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(ch)
	}
	s := b.String()
	if r.IntN(2) == 0 {
		s += "+" + []string{"jobs", "work", "upwork", "apply", "hr", "2026"}[r.IntN(6)]
	}
	dom := "gmail.com"
	if r.IntN(4) == 0 {
		dom = "googlemail.com"
	}
	s += "@" + dom
	if r.IntN(5) == 0 {
		s = strings.ToUpper(s)
	} else if r.IntN(4) == 0 {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s
}

// phash: a random 64-bit hash, and one a few bits away.
func flipBits(r *rand.Rand, h uint64, k int) uint64 {
	for i := 0; i < k; i++ {
		h ^= 1 << uint(r.IntN(64))
	}
	return h
}

func hexHash(r *rand.Rand, h uint64) string {
	s := fmt.Sprintf("%016x", h)
	if r.IntN(5) == 0 {
		return strings.ToUpper(s)
	}
	if r.IntN(8) == 0 {
		return "0x" + s
	}
	return s
}
