package synth

import (
	"crypto/sha256"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
)

// city is a place people claim to live in, with what follows from it.
type city struct {
	name, region, tz string
	areas            []string // phone area codes (US, CA) or city prefixes
	postal           string   // postal-code prefix or pattern seed
}

// country is what the generator knows of a country: how its phone numbers,
// addresses and bank accounts look, which networks its people use.
type country struct {
	code      string
	cc        string   // phone country code
	trunk     string   // national trunk prefix ("0", "8" or none)
	mobile    []string // mobile number prefixes after the trunk
	subDigits int      // digits after the mobile prefix
	cities    []city
	isps      []asn
	mobiles   []asn
	lang      string // Accept-Language of a local browser
	iban      int    // IBAN length, 0 where the country has none
	banks     []string
}

// asn is a network as an IP-intelligence feed names it.
type asn struct {
	num int
	org string
}

var countries = map[string]*country{
	"US": {code: "US", cc: "1", cities: []city{
		{"New York", "NY", "America/New_York", []string{"212", "646", "917"}, "100"},
		{"Brooklyn", "NY", "America/New_York", []string{"718", "347"}, "112"},
		{"Boston", "MA", "America/New_York", []string{"617", "857"}, "021"},
		{"Philadelphia", "PA", "America/New_York", []string{"215", "267"}, "191"},
		{"Atlanta", "GA", "America/New_York", []string{"404", "678"}, "303"},
		{"Miami", "FL", "America/New_York", []string{"305", "786"}, "331"},
		{"Charlotte", "NC", "America/New_York", []string{"704", "980"}, "282"},
		{"Raleigh", "NC", "America/New_York", []string{"919", "984"}, "276"},
		{"Columbus", "OH", "America/New_York", []string{"614"}, "432"},
		{"Detroit", "MI", "America/Detroit", []string{"313"}, "482"},
		{"Chicago", "IL", "America/Chicago", []string{"312", "773", "872"}, "606"},
		{"Dallas", "TX", "America/Chicago", []string{"214", "469", "972"}, "752"},
		{"Austin", "TX", "America/Chicago", []string{"512", "737"}, "787"},
		{"Houston", "TX", "America/Chicago", []string{"713", "832", "281"}, "770"},
		{"Nashville", "TN", "America/Chicago", []string{"615", "629"}, "372"},
		{"Minneapolis", "MN", "America/Chicago", []string{"612"}, "554"},
		{"Denver", "CO", "America/Denver", []string{"303", "720"}, "802"},
		{"Salt Lake City", "UT", "America/Denver", []string{"801", "385"}, "841"},
		{"Phoenix", "AZ", "America/Phoenix", []string{"602", "480"}, "850"},
		{"Las Vegas", "NV", "America/Los_Angeles", []string{"702", "725"}, "891"},
		{"Seattle", "WA", "America/Los_Angeles", []string{"206", "425"}, "981"},
		{"Portland", "OR", "America/Los_Angeles", []string{"503", "971"}, "972"},
		{"San Francisco", "CA", "America/Los_Angeles", []string{"415", "628"}, "941"},
		{"San Jose", "CA", "America/Los_Angeles", []string{"408", "669"}, "951"},
		{"Los Angeles", "CA", "America/Los_Angeles", []string{"213", "310", "323"}, "900"},
		{"San Diego", "CA", "America/Los_Angeles", []string{"619", "858"}, "921"},
	}, isps: []asn{{7922, "Comcast Cable Communications, LLC"}, {7018, "AT&T Services, Inc."}, {701, "Verizon Business"}, {20115, "Charter Communications"}, {22773, "Cox Communications Inc."}, {209, "CenturyLink Communications, LLC"}},
		mobiles: []asn{{21928, "T-Mobile USA, Inc."}, {20057, "AT&T Mobility LLC"}, {6167, "Cellco Partnership DBA Verizon Wireless"}},
		lang:    "en-US,en;q=0.9", banks: []string{"JPMorgan Chase Bank", "Bank of America", "Wells Fargo Bank", "Citibank", "U.S. Bank", "PNC Bank", "Capital One", "TD Bank", "Navy Federal Credit Union", "Ally Bank"}},
	"CA": {code: "CA", cc: "1", cities: []city{
		{"Toronto", "ON", "America/Toronto", []string{"416", "647"}, "M5V"},
		{"Vancouver", "BC", "America/Vancouver", []string{"604", "778"}, "V6B"},
		{"Montreal", "QC", "America/Toronto", []string{"514", "438"}, "H2X"},
	}, isps: []asn{{577, "Bell Canada"}, {852, "TELUS Communications Inc."}},
		mobiles: []asn{{812, "Rogers Communications Canada Inc."}}, lang: "en-CA,en;q=0.9,fr-CA;q=0.6", banks: []string{"RBC Royal Bank", "TD Canada Trust", "Scotiabank", "BMO"}},
	"GB": {code: "GB", cc: "44", trunk: "0", mobile: []string{"74", "75", "77", "78", "79"}, subDigits: 8, cities: []city{
		{"London", "", "Europe/London", []string{"20"}, "E1"}, {"Manchester", "", "Europe/London", []string{"161"}, "M1"},
	}, isps: []asn{{2856, "British Telecommunications PLC"}, {5089, "Virgin Media Limited"}, {5607, "Sky UK Limited"}},
		mobiles: []asn{{25135, "Vodafone Limited"}}, lang: "en-GB,en;q=0.9", iban: 22, banks: []string{"Barclays", "HSBC UK", "Lloyds Bank", "Monzo", "NatWest"}},
	"DE": {code: "DE", cc: "49", trunk: "0", mobile: []string{"151", "160", "170", "176"}, subDigits: 8, cities: []city{
		{"Berlin", "", "Europe/Berlin", []string{"30"}, "10"}, {"Munich", "", "Europe/Berlin", []string{"89"}, "80"},
	}, isps: []asn{{3320, "Deutsche Telekom AG"}, {3209, "Vodafone GmbH"}}, mobiles: []asn{{6805, "Telefonica Germany GmbH & Co.OHG"}},
		lang: "de-DE,de;q=0.9,en;q=0.8", iban: 22, banks: []string{"Deutsche Bank", "Commerzbank", "N26", "Sparkasse Berlin"}},
	"NL": {code: "NL", cc: "31", trunk: "0", mobile: []string{"6"}, subDigits: 8, cities: []city{{"Amsterdam", "", "Europe/Amsterdam", []string{"20"}, "10"}},
		isps: []asn{{1136, "KPN B.V."}, {33915, "Vodafone Libertel B.V."}}, mobiles: []asn{{50266, "T-Mobile Netherlands B.V."}}, lang: "nl-NL,nl;q=0.9,en;q=0.8", iban: 18, banks: []string{"ING Bank", "ABN AMRO", "Rabobank"}},
	"ES": {code: "ES", cc: "34", mobile: []string{"6", "7"}, subDigits: 8, cities: []city{
		{"Madrid", "", "Europe/Madrid", []string{"91"}, "28"}, {"Barcelona", "", "Europe/Madrid", []string{"93"}, "08"}, {"Valencia", "", "Europe/Madrid", []string{"96"}, "46"},
	}, isps: []asn{{3352, "Telefonica de Espana"}, {12479, "Orange Espagne SA"}}, mobiles: []asn{{12430, "Vodafone Espana S.A.U."}},
		lang: "es-ES,es;q=0.9,en;q=0.7", iban: 24, banks: []string{"Banco Santander", "BBVA", "CaixaBank", "Banco Sabadell"}},
	"PT": {code: "PT", cc: "351", mobile: []string{"91", "92", "93", "96"}, subDigits: 7, cities: []city{{"Lisbon", "", "Europe/Lisbon", []string{"21"}, "11"}},
		isps: []asn{{3243, "MEO - Servicos De Comunicacoes E Multimedia S.A."}}, mobiles: []asn{{12353, "Vodafone Portugal"}}, lang: "pt-PT,pt;q=0.9,en;q=0.8", iban: 25, banks: []string{"Millennium BCP", "Caixa Geral de Depositos"}},
	"PL": {code: "PL", cc: "48", mobile: []string{"50", "51", "60", "69", "79"}, subDigits: 7, cities: []city{
		{"Warsaw", "", "Europe/Warsaw", []string{"22"}, "00"}, {"Krakow", "", "Europe/Warsaw", []string{"12"}, "30"},
	}, isps: []asn{{5617, "Orange Polska Spolka Akcyjna"}, {12741, "Netia SA"}}, mobiles: []asn{{12912, "T-Mobile Polska S.A."}},
		lang: "pl-PL,pl;q=0.9,en-US;q=0.8", iban: 28, banks: []string{"PKO Bank Polski", "mBank", "ING Bank Slaski"}},
	"UA": {code: "UA", cc: "380", trunk: "0", mobile: []string{"50", "67", "93", "97"}, subDigits: 7, cities: []city{
		{"Kyiv", "", "Europe/Kyiv", []string{"44"}, "01"}, {"Lviv", "", "Europe/Kyiv", []string{"32"}, "79"},
	}, isps: []asn{{6849, "JSC Ukrtelecom"}, {25229, "Volia"}}, mobiles: []asn{{15895, "Kyivstar PJSC"}},
		lang: "uk-UA,uk;q=0.9,en-US;q=0.8", iban: 29, banks: []string{"PrivatBank", "Monobank", "Raiffeisen Bank Ukraine"}},
	"IN": {code: "IN", cc: "91", trunk: "0", mobile: []string{"98", "99", "97", "70", "81"}, subDigits: 8, cities: []city{
		{"Bengaluru", "Karnataka", "Asia/Kolkata", []string{"80"}, "560"}, {"Pune", "Maharashtra", "Asia/Kolkata", []string{"20"}, "411"}, {"Hyderabad", "Telangana", "Asia/Kolkata", []string{"40"}, "500"},
	}, isps: []asn{{24560, "Bharti Airtel Ltd."}, {24309, "Atria Convergence Technologies Pvt. Ltd."}}, mobiles: []asn{{55836, "Reliance Jio Infocomm Limited"}},
		lang: "en-IN,en;q=0.9,hi;q=0.8", banks: []string{"HDFC Bank", "ICICI Bank", "State Bank of India", "Axis Bank"}},
	"PK": {code: "PK", cc: "92", trunk: "0", mobile: []string{"300", "321", "333", "345"}, subDigits: 7, cities: []city{
		{"Lahore", "Punjab", "Asia/Karachi", []string{"42"}, "54"}, {"Karachi", "Sindh", "Asia/Karachi", []string{"21"}, "75"},
	}, isps: []asn{{17557, "Pakistan Telecommunication Company Limited"}}, mobiles: []asn{{59257, "China Mobile Pak Limited"}},
		lang: "en-US,en;q=0.9,ur;q=0.8", iban: 24, banks: []string{"Meezan Bank", "HBL", "UBL"}},
	"PH": {code: "PH", cc: "63", trunk: "0", mobile: []string{"917", "918", "927", "995"}, subDigits: 7, cities: []city{
		{"Makati", "Metro Manila", "Asia/Manila", []string{"2"}, "12"}, {"Cebu City", "Cebu", "Asia/Manila", []string{"32"}, "60"},
	}, isps: []asn{{9299, "Philippine Long Distance Telephone Company"}}, mobiles: []asn{{132199, "Globe Telecom Inc."}},
		lang: "en-PH,en;q=0.9,fil;q=0.7", banks: []string{"BDO Unibank", "BPI", "Metrobank", "UnionBank"}},
	"BR": {code: "BR", cc: "55", mobile: []string{"119", "219", "489"}, subDigits: 8, cities: []city{
		{"Sao Paulo", "SP", "America/Sao_Paulo", []string{"11"}, "01"}, {"Florianopolis", "SC", "America/Sao_Paulo", []string{"48"}, "88"},
	}, isps: []asn{{28573, "Claro NXT Telecomunicacoes Ltda"}, {18881, "Telefonica Brasil S.A"}}, mobiles: []asn{{26599, "TELEFONICA BRASIL S.A"}},
		lang: "pt-BR,pt;q=0.9,en-US;q=0.8", iban: 29, banks: []string{"Itau Unibanco", "Banco do Brasil", "Nubank", "Bradesco"}},
	"MX": {code: "MX", cc: "52", mobile: []string{"55", "33", "81"}, subDigits: 8, cities: []city{
		{"Mexico City", "CDMX", "America/Mexico_City", []string{"55"}, "06"}, {"Guadalajara", "Jalisco", "America/Mexico_City", []string{"33"}, "44"},
	}, isps: []asn{{8151, "UNINET"}, {28548, "Cablevision, S.A. de C.V."}}, mobiles: []asn{{28403, "RadioMovil Dipsa, S.A. de C.V."}},
		lang: "es-MX,es;q=0.9,en;q=0.8", banks: []string{"BBVA Mexico", "Banorte", "Santander Mexico"}},
	"AR": {code: "AR", cc: "54", trunk: "0", mobile: []string{"11"}, subDigits: 8, cities: []city{{"Buenos Aires", "CABA", "America/Argentina/Buenos_Aires", []string{"11"}, "C10"}},
		isps: []asn{{7303, "Telecom Argentina S.A."}}, mobiles: []asn{{22927, "Telefonica de Argentina"}}, lang: "es-AR,es;q=0.9,en;q=0.8", banks: []string{"Banco Galicia", "Banco Nacion"}},
	"VN": {code: "VN", cc: "84", trunk: "0", mobile: []string{"90", "91", "98", "97"}, subDigits: 7, cities: []city{
		{"Ho Chi Minh City", "", "Asia/Ho_Chi_Minh", []string{"28"}, "70"}, {"Hanoi", "", "Asia/Ho_Chi_Minh", []string{"24"}, "10"},
	}, isps: []asn{{45899, "VNPT Corp"}, {18403, "FPT Telecom Company"}}, mobiles: []asn{{7552, "Viettel Group"}}, lang: "vi-VN,vi;q=0.9,en-US;q=0.8", banks: []string{"Vietcombank", "Techcombank", "VPBank"}},
	"NG": {code: "NG", cc: "234", trunk: "0", mobile: []string{"803", "806", "813", "905"}, subDigits: 7, cities: []city{{"Lagos", "Lagos", "Africa/Lagos", []string{"1"}, "10"}},
		isps: []asn{{37340, "Spectranet Limited"}}, mobiles: []asn{{29465, "MTN NIGERIA Communication limited"}}, lang: "en-NG,en;q=0.9", banks: []string{"GTBank", "Access Bank", "Zenith Bank"}},
	"KR": {code: "KR", cc: "82", trunk: "0", mobile: []string{"10"}, subDigits: 8, cities: []city{
		{"Seoul", "", "Asia/Seoul", []string{"2"}, "06"}, {"Busan", "", "Asia/Seoul", []string{"51"}, "48"}, {"Seongnam", "Gyeonggi-do", "Asia/Seoul", []string{"31"}, "13"},
	}, isps: []asn{{4766, "Korea Telecom"}, {9318, "SK Broadband Co Ltd"}, {17858, "LG POWERCOMM"}}, mobiles: []asn{{9644, "SK Telecom"}},
		lang: "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", banks: []string{"KB Kookmin Bank", "Shinhan Bank", "Woori Bank", "Hana Bank", "Kakao Bank"}},
	"JP": {code: "JP", cc: "81", trunk: "0", mobile: []string{"90", "80", "70"}, subDigits: 8, cities: []city{{"Tokyo", "", "Asia/Tokyo", []string{"3"}, "150"}},
		isps: []asn{{4713, "NTT Communications Corporation"}, {17676, "SoftBank Corp."}}, mobiles: []asn{{2516, "KDDI CORPORATION"}}, lang: "ja-JP,ja;q=0.9,en;q=0.8", banks: []string{"MUFG Bank", "Mizuho Bank", "Rakuten Bank"}},
	"CN": {code: "CN", cc: "86", mobile: []string{"138", "139", "186", "158"}, subDigits: 8, cities: []city{
		{"Shanghai", "Shanghai", "Asia/Shanghai", []string{"21"}, "200"}, {"Shenzhen", "Guangdong", "Asia/Shanghai", []string{"755"}, "518"},
		{"Shenyang", "Liaoning", "Asia/Shanghai", []string{"24"}, "110"}, {"Dandong", "Liaoning", "Asia/Shanghai", []string{"415"}, "118"},
	}, isps: []asn{{4837, "CHINA UNICOM China169 Backbone"}, {4134, "Chinanet"}}, mobiles: []asn{{9808, "China Mobile Communications Group Co., Ltd."}},
		lang: "zh-CN,zh;q=0.9", banks: []string{"Bank of China", "Industrial and Commercial Bank of China", "China Construction Bank", "Agricultural Bank of China"}},
	"HK": {code: "HK", cc: "852", mobile: []string{"5", "6", "9"}, subDigits: 7, cities: []city{{"Hong Kong", "", "Asia/Hong_Kong", []string{""}, ""}},
		isps: []asn{{9269, "Hong Kong Broadband Network Ltd."}}, mobiles: []asn{{4760, "HKT Limited"}}, lang: "zh-HK,zh;q=0.9,en;q=0.8", banks: []string{"HSBC Hong Kong", "Bank of China (Hong Kong)", "Hang Seng Bank"}},
	"RU": {code: "RU", cc: "7", trunk: "8", mobile: []string{"903", "916", "925", "914"}, subDigits: 7, cities: []city{
		{"Moscow", "", "Europe/Moscow", []string{"495"}, "101"}, {"Vladivostok", "", "Asia/Vladivostok", []string{"423"}, "690"},
	}, isps: []asn{{12389, "PJSC Rostelecom"}, {31200, "Novotelecom Ltd"}}, mobiles: []asn{{8359, "MTS PJSC"}}, lang: "ru-RU,ru;q=0.9,en-US;q=0.8", banks: []string{"Sberbank", "Tinkoff Bank", "VTB Bank"}},
	"LA": {code: "LA", cc: "856", trunk: "0", mobile: []string{"20"}, subDigits: 8, cities: []city{{"Vientiane", "", "Asia/Vientiane", []string{"21"}, "01"}},
		isps: []asn{{9873, "Lao Telecom Communication, LTD"}}, mobiles: []asn{{131267, "Star Telecom Co., Ltd"}}, lang: "lo-LA,lo;q=0.9", banks: []string{"BCEL"}},
	"TH": {code: "TH", cc: "66", trunk: "0", mobile: []string{"8", "9"}, subDigits: 8, cities: []city{{"Bangkok", "", "Asia/Bangkok", []string{"2"}, "10"}, {"Chiang Mai", "", "Asia/Bangkok", []string{"53"}, "50"}},
		isps: []asn{{7470, "TRUE INTERNET Co.,Ltd."}}, mobiles: []asn{{131445, "Advanced Wireless Network Company Limited"}}, lang: "th-TH,th;q=0.9,en;q=0.8", banks: []string{"Kasikornbank", "Bangkok Bank"}},
	"ID": {code: "ID", cc: "62", trunk: "0", mobile: []string{"812", "813", "857"}, subDigits: 8, cities: []city{{"Denpasar", "Bali", "Asia/Makassar", []string{"361"}, "80"}},
		isps: []asn{{7713, "PT Telekomunikasi Indonesia"}}, mobiles: []asn{{23693, "PT. Telekomunikasi Selular"}}, lang: "id-ID,id;q=0.9,en;q=0.8", banks: []string{"Bank Central Asia", "Bank Mandiri"}},
	"AE": {code: "AE", cc: "971", trunk: "0", mobile: []string{"50", "55"}, subDigits: 7, cities: []city{{"Dubai", "", "Asia/Dubai", []string{"4"}, ""}},
		isps: []asn{{5384, "Emirates Telecommunications Group Company (Etisalat Group)"}}, mobiles: []asn{{15802, "Emirates Integrated Telecommunications Company PJSC"}}, lang: "en-US,en;q=0.9,ar;q=0.8", iban: 23, banks: []string{"Emirates NBD", "Mashreq"}},
}

// Networks that are not anyone's home: VPN exits and hosting, the
// corporate-VPN clouds, and where they are.
var (
	astrillExits = []asn{{9009, "M247 Europe SRL"}, {20473, "The Constant Company, LLC"}, {60068, "Datacamp Limited"}}
	hostingASNs  = []asn{{14061, "DigitalOcean, LLC"}, {16276, "OVH SAS"}, {24940, "Hetzner Online GmbH"}, {16509, "Amazon.com, Inc."}, {63949, "Akamai Connected Cloud"}}
	privacyVPNs  = []struct {
		app  string
		exit asn
	}{{"NordVPN", asn{212238, "Datacamp Limited"}}, {"ProtonVPN", asn{209103, "Proton AG"}}, {"Mullvad VPN", asn{39351, "31173 Services AB"}}, {"ExpressVPN", asn{206092, "SECURE INTERNET LLC"}}, {"Surfshark", asn{9009, "M247 Europe SRL"}}}
	corporateVPNs = []struct {
		app  string
		exit asn
	}{{"Zscaler Client Connector", asn{53813, "ZSCALER, INC."}}, {"GlobalProtect", asn{16509, "Amazon.com, Inc."}}, {"Cisco Secure Client", asn{8075, "Microsoft Corporation"}}, {"Cloudflare WARP", asn{13335, "Cloudflare, Inc."}}}
)

// --- phones ---

// phone is a number in E.164 digits (no "+").
type phone struct {
	c      *country
	digits string // national significant number
}

func newPhone(r *rand.Rand, c *country, ct *city) phone {
	var b strings.Builder
	if c.cc == "1" {
		area := pick(r, ct.areas)
		b.WriteString(area)
		b.WriteByte(byte('2' + r.IntN(8)))
		writeDigits(r, &b, 6)
		return phone{c, b.String()}
	}
	b.WriteString(pick(r, c.mobile))
	writeDigits(r, &b, c.subDigits)
	return phone{c, b.String()}
}

// render writes the number as someone types it into a form.
func (p phone) render(r *rand.Rand) string {
	d := p.digits
	if p.c.cc == "1" && len(d) == 10 {
		switch r.IntN(7) {
		case 0:
			return "(" + d[:3] + ") " + d[3:6] + "-" + d[6:]
		case 1:
			return d[:3] + "-" + d[3:6] + "-" + d[6:]
		case 2:
			return d[:3] + "." + d[3:6] + "." + d[6:]
		case 3:
			return "+1 " + d[:3] + " " + d[3:6] + " " + d[6:]
		case 4:
			return "1-" + d[:3] + "-" + d[3:6] + "-" + d[6:]
		case 5:
			return "+1 (" + d[:3] + ") " + d[3:6] + "-" + d[6:]
		default:
			return "+1" + d
		}
	}
	half := len(d) / 2
	switch r.IntN(4) {
	case 0:
		return "+" + p.c.cc + d
	case 1:
		return "+" + p.c.cc + " " + d[:half] + " " + d[half:]
	case 2:
		// National form: trunk prefix, mobile prefix, then the rest.
		pl := min(len(p.c.mobile[0]), len(d))
		rest := d[pl:]
		if len(rest) == 8 {
			rest = rest[:4] + pick(r, []string{"-", " "}) + rest[4:]
		}
		return p.c.trunk + d[:pl] + " " + rest
	default:
		return "00" + p.c.cc + " " + d[:3] + "-" + d[3:]
	}
}

func writeDigits(r *rand.Rand, b *strings.Builder, n int) {
	for range n {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
}

func digits(r *rand.Rand, n int) string {
	var b strings.Builder
	writeDigits(r, &b, n)
	return b.String()
}

// --- addresses ---

var (
	streetNames = []string{"Main", "Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Sunset", "Lincoln", "Jefferson", "Madison", "Franklin", "Highland", "Riverside", "Willow", "Chestnut", "Walnut", "Spring", "Church", "Mill", "Forest", "Meadow", "Valley", "Ridge", "Broad", "Market", "Union", "Grant", "Jackson", "Center", "Lakeview", "Prospect", "Woodland", "Cherry", "Birch", "Magnolia", "Hawthorne"}
	suffixes    = [][3]string{{"Street", "St", "St."}, {"Avenue", "Ave", "Ave."}, {"Road", "Rd", "Rd."}, {"Boulevard", "Blvd", "Blvd."}, {"Drive", "Dr", "Dr."}, {"Lane", "Ln", "Ln."}, {"Court", "Ct", "Ct."}, {"Place", "Pl", "Pl."}, {"Way", "Way", "Way"}, {"Parkway", "Pkwy", "Pkwy."}}
	directions  = [][3]string{{"North", "N", "N."}, {"South", "S", "S."}, {"East", "E", "E."}, {"West", "W", "W."}}
	euStreets   = map[string][]string{
		"GB": {"High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane", "Manor Road", "Park Avenue", "Queens Road"},
		"DE": {"Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße", "Lindenallee", "Bergstraße", "Kastanienallee"},
		"NL": {"Prinsengracht", "Kerkstraat", "Dorpsstraat", "Molenweg", "Stationsweg"},
		"ES": {"Calle Mayor", "Calle del Sol", "Avenida de la Constitución", "Calle Real", "Paseo de Gracia", "Calle de Alcalá"},
		"PT": {"Rua Augusta", "Avenida da Liberdade", "Rua do Ouro"},
		"PL": {"ul. Marszałkowska", "ul. Długa", "ul. Polna", "ul. Kwiatowa", "ul. Lipowa"},
		"UA": {"vul. Khreshchatyk", "vul. Shevchenka", "vul. Franka", "prosp. Peremohy"},
		"BR": {"Rua das Flores", "Avenida Paulista", "Rua Sete de Setembro"},
		"MX": {"Calle Reforma", "Avenida Insurgentes", "Calle Juárez"},
		"AR": {"Avenida Corrientes", "Calle Florida", "Avenida Santa Fe"},
		"RU": {"ul. Lenina", "ul. Sovetskaya", "prospekt Mira"},
	}
	asiaAreas = map[string][]string{
		"IN": {"Indiranagar", "Koramangala", "HSR Layout", "Whitefield", "Baner", "Gachibowli"},
		"PH": {"Poblacion", "Bel-Air", "San Antonio", "Lahug"},
		"VN": {"District 1", "District 3", "Binh Thanh", "Ba Dinh", "Cau Giay"},
		"KR": {"Gangnam-gu", "Mapo-gu", "Seocho-gu", "Songpa-gu", "Haeundae-gu", "Bundang-gu"},
		"JP": {"Shibuya-ku", "Setagaya-ku", "Minato-ku", "Meguro-ku"},
		"CN": {"Pudong New Area", "Nanshan District", "Heping District", "Zhenxing District"},
		"TH": {"Watthana", "Khlong Toei", "Nimmanhaemin"},
		"ID": {"Canggu", "Ubud", "Seminyak"},
		"PK": {"DHA Phase 5", "Gulberg III", "Clifton"},
		"NG": {"Lekki Phase 1", "Ikeja GRA", "Yaba"},
		"HK": {"Wan Chai", "Mong Kok", "Causeway Bay"},
		"LA": {"Chanthabouly", "Sisattanak"},
		"AE": {"Dubai Marina", "JLT", "Al Barsha"},
	}
)

// address is a postal address in parts, so that two records of one place
// can be written differently and still be the same place.
type address struct {
	c        *country
	ct       *city
	num      int
	dir      int // index into directions, -1 for none
	street   string
	suffix   int // index into suffixes (US and CA)
	unit     string
	unitKind int // 0 apartment, 1 suite, 2 unit
	postal   string
	company  string // office, coworking or mail-drop name
	pmb      string // private mailbox number at a mail-receiving store
}

func newAddress(r *rand.Rand, c *country, ct *city) address {
	a := address{c: c, ct: ct, dir: -1}
	switch c.code {
	case "US", "CA":
		a.num = 100 + r.IntN(9800)
		if r.IntN(4) == 0 {
			a.dir = r.IntN(len(directions))
		}
		a.street = pick(r, streetNames)
		a.suffix = r.IntN(len(suffixes))
		if r.IntN(5) < 2 {
			a.unit = fmt.Sprintf("%d%c", 1+r.IntN(30), 'A'+rune(r.IntN(6)))
		}
		if c.code == "US" {
			a.postal = ct.postal + digits(r, 2)
		} else {
			a.postal = fmt.Sprintf("%s %d%c%d", ct.postal, r.IntN(10), 'A'+rune(r.IntN(26)), r.IntN(10))
		}
	default:
		a.num = 1 + r.IntN(180)
		if s, ok := euStreets[c.code]; ok {
			a.street = pick(r, s)
		} else if s, ok := asiaAreas[c.code]; ok {
			a.street = pick(r, s)
		} else {
			a.street = pick(r, streetNames) + " Road"
		}
		if r.IntN(2) == 0 {
			a.unit = fmt.Sprint(1 + r.IntN(40))
		}
		a.postal = ct.postal + digits(r, max(0, 5-len(ct.postal)))
		if c.code == "GB" {
			a.postal = fmt.Sprintf("%s %d%c%c", ct.postal, r.IntN(10), 'A'+rune(r.IntN(26)), 'A'+rune(r.IntN(26)))
		}
	}
	return a
}

var usStates = map[string]string{"NY": "New York", "MA": "Massachusetts", "PA": "Pennsylvania", "GA": "Georgia", "FL": "Florida", "NC": "North Carolina", "OH": "Ohio", "MI": "Michigan", "IL": "Illinois", "TX": "Texas", "TN": "Tennessee", "MN": "Minnesota", "CO": "Colorado", "UT": "Utah", "AZ": "Arizona", "NV": "Nevada", "WA": "Washington", "OR": "Oregon", "CA": "California"}

// render writes the address as free text in the country's style, with
// the variation people and systems bring to it.
func (a address) render(r *rand.Rand, attn string) string {
	var s string
	switch a.c.code {
	case "US", "CA":
		s = a.renderNorthAmerica(r)
	case "GB":
		s = fmt.Sprintf("%d %s, %s, %s", a.num, a.street, a.ct.name, a.postal)
		if a.unit != "" {
			s = pick(r, []string{"Flat ", "Flat ", "Apartment "}) + a.unit + ", " + s
		}
	case "DE", "NL", "ES", "PT", "PL", "UA", "BR", "MX", "AR", "RU":
		street := fmt.Sprintf("%s %d", a.street, a.num)
		if a.unit != "" {
			switch a.c.code {
			case "PL", "UA", "RU":
				street += "/" + a.unit
			case "ES", "MX", "AR":
				street += fmt.Sprintf(", %sº %c", a.unit, 'A'+rune(a.num%4))
			default:
				street += pick(r, []string{", Whg. ", ", apt ", " - "}) + a.unit
			}
		}
		s = fmt.Sprintf("%s, %s %s", street, a.postal, a.ct.name)
		if r.IntN(3) == 0 {
			s += ", " + countryName(a.c.code)
		}
	case "KR":
		bld := 100 + a.num%9
		if a.unit != "" {
			s = fmt.Sprintf("%d-%s0%d, ", bld, a.unit, 1+a.num%4)
		}
		s += fmt.Sprintf("%d %s-ro, %s, %s %s", a.num, pick(r, []string{"Teheran", "Yeoksam", "Hakdong", "Dosan-daero", "World Cup buk"}), a.street, a.ct.name, a.postal)
	case "JP":
		s = fmt.Sprintf("%d-%d-%d %s, %s %s-%s", 1+a.num%5, 1+a.num%20, 1+a.num%12, a.street, a.ct.name, a.postal, digits(r, 4))
	default:
		if a.unit != "" {
			s = pick(r, []string{"Unit ", "Flat ", "Apt "}) + a.unit + ", "
		}
		s += fmt.Sprintf("%d %s, %s", a.num, a.street, a.ct.name)
		if a.postal != "" {
			s += " " + a.postal
		}
	}
	if a.company != "" {
		s = a.company + ", " + s
	}
	if attn != "" {
		s = attn + ", " + s
	}
	if r.IntN(12) == 0 {
		s = strings.ToUpper(s)
	}
	return s
}

func (a address) renderNorthAmerica(r *rand.Rand) string {
	var b strings.Builder
	upper := r.IntN(6) == 0
	abbr := r.IntN(3) // 0 full, 1 short, 2 short with a dot
	fmt.Fprintf(&b, "%d ", a.num)
	if a.dir >= 0 {
		b.WriteString(directions[a.dir][abbr])
		b.WriteByte(' ')
	}
	b.WriteString(a.street)
	b.WriteByte(' ')
	b.WriteString(suffixes[a.suffix][abbr])
	if a.unit != "" {
		var marks []string
		switch a.unitKind {
		case 1:
			marks = []string{"Suite ", "Ste ", "Ste. ", "#"}
		case 2:
			marks = []string{"Unit ", "#"}
		default:
			marks = []string{"Apt ", "Apt. ", "#", "Unit ", "APT "}
		}
		sep := pick(r, []string{", ", " "})
		b.WriteString(sep + pick(r, marks) + a.unit)
	}
	if a.pmb != "" {
		b.WriteString(pick(r, []string{" PMB ", " #", ", PMB "}) + a.pmb)
	}
	state := a.ct.region
	if a.c.code == "US" && r.IntN(10) == 0 {
		state = usStates[state]
	}
	postal := a.postal
	if a.c.code == "US" && r.IntN(4) == 0 {
		postal += "-" + digits(r, 4)
	}
	cityLine := ", "
	if r.IntN(20) == 0 {
		cityLine = "\n" // pasted from a label
	}
	fmt.Fprintf(&b, "%s%s, %s %s", cityLine, a.ct.name, state, postal)
	if r.IntN(8) == 0 {
		b.WriteString(pick(r, []string{", USA", ", United States", ", US"}))
	}
	s := b.String()
	if upper {
		s = strings.ToUpper(s)
	}
	return s
}

func countryName(code string) string {
	switch code {
	case "DE":
		return "Germany"
	case "NL":
		return "Netherlands"
	case "ES":
		return "Spain"
	case "PT":
		return "Portugal"
	case "PL":
		return "Poland"
	case "UA":
		return "Ukraine"
	case "BR":
		return "Brazil"
	case "MX":
		return "Mexico"
	case "AR":
		return "Argentina"
	case "RU":
		return "Russia"
	}
	return code
}

// --- bank accounts ---

// account is a payout destination in parts; text is how it was written.
type account struct {
	method, bank, country string
	key                   string // identity of the account, for the truth checks
	routing, number       string
}

func newBankAccount(r *rand.Rand, c *country) account {
	a := account{method: "bank", country: c.code, bank: pick(r, c.banks)}
	switch {
	case c.code == "US":
		a.routing = abaRouting(r)
		a.number = digits(r, 8+r.IntN(5))
	case c.iban > 0:
		a.number = iban(r, c.code, c.iban)
	case c.code == "IN":
		a.routing = strings.ToUpper(a.bank[:4]) + "0" + digits(r, 6)
		a.number = digits(r, 14)
	case c.code == "CN":
		a.number = "6222" + digits(r, 15)
	case c.code == "HK":
		a.routing = "0" + digits(r, 2)
		a.number = digits(r, 3) + "-" + digits(r, 6) + "-" + digits(r, 3)
	case c.code == "RU":
		a.routing = "04" + digits(r, 7)
		a.number = "40817810" + digits(r, 12)
	default:
		a.number = digits(r, 10+r.IntN(4))
	}
	a.key = "bank:" + a.routing + ":" + strings.ReplaceAll(a.number, "-", "")
	return a
}

// text writes the account the several ways payroll forms hold them.
func (a account) text(r *rand.Rand) string {
	if a.method != "bank" {
		return a.number
	}
	if a.routing == "" {
		if len(a.number) > 4 && a.number[0] >= 'A' && a.number[0] <= 'Z' { // IBAN
			switch r.IntN(3) {
			case 0:
				return a.number
			case 1:
				return groupBy4(a.number)
			default:
				return strings.ToLower(groupBy4(a.number))
			}
		}
		return a.number
	}
	switch r.IntN(5) {
	case 0:
		return a.routing + " " + a.number
	case 1:
		return a.routing + "-" + a.number
	case 2:
		return "Routing " + a.routing + " / Acct " + a.number
	case 3:
		return "ABA " + a.routing + " acct# " + a.number
	default:
		return a.routing + "/" + a.number
	}
}

func groupBy4(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// abaRouting makes a nine-digit routing number with a valid ABA check
// digit, so that a validator does not throw it away as noise.
func abaRouting(r *rand.Rand) string {
	d := make([]int, 9)
	d[0] = r.IntN(4) // Federal Reserve districts 00-12 start with 0 or 1
	if d[0] > 1 {
		d[0] = 0
	}
	for i := 1; i < 8; i++ {
		d[i] = r.IntN(10)
	}
	sum := 3*(d[0]+d[3]+d[6]) + 7*(d[1]+d[4]+d[7]) + (d[2] + d[5])
	d[8] = (10 - sum%10) % 10
	var b strings.Builder
	for _, x := range d {
		b.WriteByte(byte('0' + x))
	}
	return b.String()
}

// iban makes an IBAN of the country's length with valid check digits
// (ISO 13616 mod 97).
func iban(r *rand.Rand, cc string, n int) string {
	bban := digits(r, n-4)
	if cc == "GB" || cc == "NL" {
		letters := string([]byte{byte('A' + r.IntN(26)), byte('A' + r.IntN(26)), byte('A' + r.IntN(26)), byte('A' + r.IntN(26))})
		bban = letters + bban[4:]
	}
	check := 98 - mod97(bban+cc+"00")
	return fmt.Sprintf("%s%02d%s", cc, check, bban)
}

func mod97(s string) int {
	m := 0
	for _, c := range s {
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
			m = (m*10 + v) % 97
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
			m = (m*100 + v) % 97
		}
	}
	return m
}

// --- crypto wallets ---

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

// newWallet makes a well-formed USDT-on-TRON or Ethereum address.
func newWallet(r *rand.Rand) string {
	payload := make([]byte, 21)
	for i := range payload {
		payload[i] = byte(r.IntN(256))
	}
	if r.IntN(2) == 0 {
		payload[0] = 0x41 // TRON mainnet
		return base58Check(payload)
	}
	return fmt.Sprintf("0x%x", payload[1:])
}

// base58Check encodes payload with its four-byte double-SHA-256 checksum.
func base58Check(payload []byte) string {
	h1 := sha256.Sum256(payload)
	h2 := sha256.Sum256(h1[:])
	full := append(append([]byte{}, payload...), h2[:4]...)
	n := new(big.Int).SetBytes(full)
	var out []byte
	mod := new(big.Int)
	base := big.NewInt(58)
	for n.Sign() > 0 {
		n.DivMod(n, base, mod)
		out = append(out, base58Alphabet[mod.Int64()])
	}
	for _, c := range full {
		if c != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}
