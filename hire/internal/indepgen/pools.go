package indepgen

// Name, place and vendor pools. They were chosen for this generator alone
// (not taken from hire/synth or hire/gen.go), so that a detector tuned on
// those populations meets names, streets, ASNs and vendors it has not seen.

var givenF = []string{
	"Abigail", "Adriana", "Alexis", "Allison", "Amber", "Andrea", "Angela", "Bethany", "Brianna", "Brooke",
	"Caitlin", "Camila", "Carmen", "Cassandra", "Chelsea", "Courtney", "Danielle", "Deborah", "Destiny", "Diana",
	"Erin", "Felicia", "Gabriela", "Hailey", "Heather", "Imani", "Jacqueline", "Jasmine", "Jocelyn", "Kara",
	"Kayla", "Kendra", "Kimberly", "Kristen", "Latoya", "Leah", "Lindsey", "Lorena", "Mackenzie", "Mallory",
	"Marisol", "Megan", "Miranda", "Monique", "Natalie", "Nadia", "Paige", "Priya", "Rachel", "Rebecca",
	"Rosa", "Sabrina", "Savannah", "Shannon", "Sierra", "Tamara", "Tiffany", "Valeria", "Vanessa", "Whitney",
	"Yesenia", "Zoe", "Aisha", "Bianca", "Colleen", "Dana", "Esperanza", "Fatima", "Greta", "Ingrid",
}

var givenM = []string{
	"Aaron", "Adrian", "Alejandro", "Andre", "Austin", "Blake", "Brandon", "Bryce", "Caleb", "Cameron",
	"Carlos", "Chase", "Cody", "Colin", "Connor", "Darius", "Derek", "Dominic", "Dustin", "Elijah",
	"Emmanuel", "Evan", "Garrett", "Gavin", "Hector", "Ian", "Isaiah", "Jared", "Javier", "Jeremiah",
	"Jesse", "Joel", "Jorge", "Julian", "Keith", "Kyle", "Landon", "Lucas", "Malik", "Marcus",
	"Mario", "Mitchell", "Nathaniel", "Nolan", "Omar", "Orlando", "Preston", "Quentin", "Raj", "Ramon",
	"Reginald", "Ricardo", "Rodney", "Seth", "Shane", "Spencer", "Terrence", "Travis", "Trevor", "Tyrone",
	"Victor", "Wesley", "Xavier", "Zachary", "Bjorn", "Callum", "Dmitri", "Emeka", "Farid", "Gunnar",
}

var surnames = []string{
	"Abernathy", "Acosta", "Aldridge", "Barrett", "Beasley", "Bowman", "Bradshaw", "Calloway", "Carver", "Castaneda",
	"Chambers", "Crawford", "Dalton", "Delgado", "Dunbar", "Ellison", "Espinoza", "Fairbanks", "Fitzgerald", "Fleming",
	"Galloway", "Gallegos", "Goodwin", "Greer", "Hadley", "Halvorsen", "Hargrove", "Hawkins", "Holloway", "Ibarra",
	"Jennings", "Kaplan", "Kendrick", "Kowalski", "Lambert", "Landry", "Lindqvist", "Lockhart", "Maddox", "Mahoney",
	"Marquez", "McAllister", "Mendoza", "Merritt", "Moreland", "Nakamura", "Navarro", "Norwood", "Okafor", "Oyelaran",
	"Pacheco", "Pennington", "Pruitt", "Quintero", "Ramsey", "Rasmussen", "Redmond", "Rios", "Rutherford", "Salazar",
	"Sandoval", "Schaefer", "Sheffield", "Sinclair", "Stafford", "Sutherland", "Tate", "Thornton", "Trujillo", "Underwood",
	"Valencia", "Vance", "Villanueva", "Wakefield", "Whitfield", "Wilder", "Winslow", "Yates", "Zamora", "Zielinski",
	"Patel", "Desai", "Iyer", "Nguyen", "Tran", "Reyes", "Santos", "Novak", "Horvath", "Adeyemi",
	"Kowalczyk", "Lindgren", "O'Connell", "McKenna", "Brennan", "Schultz", "Hoffmann", "Romero", "Ortega", "Guerrero",
}

var nick = map[string]string{
	"Nathaniel": "Nate", "Zachary": "Zach", "Jacqueline": "Jackie", "Kimberly": "Kim", "Rebecca": "Becky",
	"Alejandro": "Alex", "Jeremiah": "Jerry", "Reginald": "Reggie", "Mitchell": "Mitch", "Gabriela": "Gabby",
	"Cassandra": "Cassie", "Deborah": "Debbie", "Victor": "Vic", "Dominic": "Dom", "Trevor": "Trev",
}

var koSurnames = []string{"Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Shin", "Seo", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon", "Moon", "Baek", "Nam", "Oh"}
var koHangulSurname = map[string]string{"Kim": "김", "Lee": "이", "Park": "박", "Choi": "최", "Jung": "정", "Kang": "강", "Cho": "조", "Yoon": "윤", "Jang": "장", "Lim": "임", "Han": "한", "Shin": "신", "Seo": "서", "Kwon": "권", "Hwang": "황", "Ahn": "안", "Song": "송", "Yoo": "유", "Hong": "홍", "Jeon": "전", "Moon": "문", "Baek": "백", "Nam": "남", "Oh": "오"}
var koGiven = []string{"Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Jae-won", "Soo-jin", "Hyun-woo", "Eun-ji", "Dong-hyun", "Ye-jin", "Sung-min", "Ji-woo", "Tae-yang", "Yu-na", "Kyung-soo", "Hye-jin"}
var koGivenHangul = []string{"민준", "서연", "지훈", "하은", "재원", "수진", "현우", "은지", "동현", "예진", "성민", "지우", "태양", "유나", "경수", "혜진"}
var koWestern = []string{"Daniel", "Grace", "Joseph", "Esther", "David", "Hannah", "Samuel", "Sarah", "Paul", "Christine", "Andrew", "Jennifer", "Peter", "Eunice"}

// Chinese holder names for accounts a ring is paid into abroad.
var cnHolders = []string{"Zhao Wenjie", "Sun Meilin", "Liu Haoran", "Chen Xiuying", "Huang Zhiqiang", "Zhou Yuting", "Wu Jianguo", "Xu Lihua", "Ma Dongmei", "Gao Peng"}

// Shell companies a facilitator opens (invented).
var shellLLCs = []string{"Northgate Digital Solutions LLC", "Crestline Software Partners LLC", "BluePeak IT Services LLC", "Silverline Dev Group LLC", "Harborview Tech Consulting LLC", "Pinnacle Code Works LLC", "Evergreen Systems Integration LLC", "Lakeshore Data Labs LLC"}

// Names from the public DPRK facts (shared/docs/dprk-facts.md): a ring in a
// few pays one of these fronts.
var sanctionedHolders = []string{"Chinyong Information Technology Cooperation Company", "Yanbian Silverstar Network Technology Co., Ltd.", "Volasys Silver Star"}

type city struct {
	country, name, region, regionLong, post, tz string
	area                                        []string // phone area codes (national significant prefix)
}

var usCities = []city{
	{"US", "Portland", "OR", "Oregon", "97214", "America/Los_Angeles", []string{"503", "971"}},
	{"US", "Sacramento", "CA", "California", "95814", "America/Los_Angeles", []string{"916"}},
	{"US", "San Jose", "CA", "California", "95112", "America/Los_Angeles", []string{"408", "669"}},
	{"US", "Spokane", "WA", "Washington", "99201", "America/Los_Angeles", []string{"509"}},
	{"US", "Boise", "ID", "Idaho", "83702", "America/Boise", []string{"208"}},
	{"US", "Tucson", "AZ", "Arizona", "85719", "America/Phoenix", []string{"520"}},
	{"US", "Salt Lake City", "UT", "Utah", "84111", "America/Denver", []string{"801", "385"}},
	{"US", "Aurora", "CO", "Colorado", "80012", "America/Denver", []string{"303", "720"}},
	{"US", "Omaha", "NE", "Nebraska", "68102", "America/Chicago", []string{"402"}},
	{"US", "Madison", "WI", "Wisconsin", "53703", "America/Chicago", []string{"608"}},
	{"US", "Plano", "TX", "Texas", "75024", "America/Chicago", []string{"972", "469"}},
	{"US", "Tulsa", "OK", "Oklahoma", "74103", "America/Chicago", []string{"918"}},
	{"US", "Nashville", "TN", "Tennessee", "37203", "America/Chicago", []string{"615"}},
	{"US", "Raleigh", "NC", "North Carolina", "27601", "America/New_York", []string{"919", "984"}},
	{"US", "Richmond", "VA", "Virginia", "23219", "America/New_York", []string{"804"}},
	{"US", "Columbus", "OH", "Ohio", "43215", "America/New_York", []string{"614"}},
	{"US", "Pittsburgh", "PA", "Pennsylvania", "15222", "America/New_York", []string{"412"}},
	{"US", "Hartford", "CT", "Connecticut", "06103", "America/New_York", []string{"860"}},
	{"US", "Jacksonville", "FL", "Florida", "32202", "America/New_York", []string{"904"}},
	{"US", "Newark", "NJ", "New Jersey", "07102", "America/New_York", []string{"973", "862"}},
	{"US", "Honolulu", "HI", "Hawaii", "96813", "Pacific/Honolulu", []string{"808"}},
	{"US", "Anchorage", "AK", "Alaska", "99501", "America/Anchorage", []string{"907"}},
}

var caCities = []city{
	{"CA", "Toronto", "ON", "Ontario", "M5V 2T6", "America/Toronto", []string{"416", "647"}},
	{"CA", "Ottawa", "ON", "Ontario", "K1P 5J9", "America/Toronto", []string{"613"}},
	{"CA", "Vancouver", "BC", "British Columbia", "V6B 1A1", "America/Vancouver", []string{"604", "778"}},
	{"CA", "Calgary", "AB", "Alberta", "T2P 1J9", "America/Edmonton", []string{"403", "587"}},
	{"CA", "Montreal", "QC", "Quebec", "H3B 2Y5", "America/Toronto", []string{"514"}},
}

var gbCities = []city{
	{"GB", "London", "", "", "SE1 7PB", "Europe/London", []string{"20"}},
	{"GB", "Manchester", "", "", "M1 3BE", "Europe/London", []string{"161"}},
	{"GB", "Bristol", "", "", "BS1 4DJ", "Europe/London", []string{"117"}},
	{"GB", "Leeds", "", "", "LS1 4AP", "Europe/London", []string{"113"}},
}

var deCities = []city{
	{"DE", "Berlin", "", "", "10115", "Europe/Berlin", []string{"30"}},
	{"DE", "München", "", "", "80331", "Europe/Berlin", []string{"89"}},
	{"DE", "Hamburg", "", "", "20095", "Europe/Berlin", []string{"40"}},
	{"DE", "Köln", "", "", "50667", "Europe/Berlin", []string{"221"}},
}

var krCities = []city{
	{"KR", "Seoul", "Gangnam-gu", "서울특별시 강남구", "06236", "Asia/Seoul", []string{"2"}},
	{"KR", "Seoul", "Mapo-gu", "서울특별시 마포구", "04038", "Asia/Seoul", []string{"2"}},
	{"KR", "Busan", "Haeundae-gu", "부산광역시 해운대구", "48094", "Asia/Seoul", []string{"51"}},
	{"KR", "Seongnam", "Bundang-gu", "경기도 성남시 분당구", "13529", "Asia/Seoul", []string{"31"}},
}

var jpCities = []city{
	{"JP", "Tokyo", "Shibuya-ku", "東京都渋谷区", "150-0001", "Asia/Tokyo", []string{"3"}},
	{"JP", "Osaka", "Kita-ku", "大阪府大阪市北区", "530-0001", "Asia/Tokyo", []string{"6"}},
}

// Freelancers abroad who say where they are.
var abroadCities = []city{
	{"IN", "Bengaluru", "KA", "Karnataka", "560034", "Asia/Kolkata", []string{"80"}},
	{"IN", "Pune", "MH", "Maharashtra", "411014", "Asia/Kolkata", []string{"20"}},
	{"PH", "Quezon City", "", "", "1100", "Asia/Manila", []string{"2"}},
	{"UA", "Lviv", "", "", "79000", "Europe/Kyiv", []string{"32"}},
	{"PK", "Lahore", "", "", "54000", "Asia/Karachi", []string{"42"}},
	{"BR", "Curitiba", "PR", "Paraná", "80010-000", "America/Sao_Paulo", []string{"41"}},
	{"NG", "Lagos", "", "", "101233", "Africa/Lagos", []string{"1"}},
	{"VN", "Da Nang", "", "", "550000", "Asia/Ho_Chi_Minh", []string{"236"}},
	{"PL", "Kraków", "", "", "31-000", "Europe/Warsaw", []string{"12"}},
	{"AR", "Córdoba", "", "", "X5000", "America/Argentina/Cordoba", []string{"351"}},
	{"CN", "Chengdu", "", "", "610000", "Asia/Shanghai", []string{"28"}},
	{"HK", "Hong Kong", "", "", "", "Asia/Hong_Kong", []string{""}},
	{"RU", "Novosibirsk", "", "", "630099", "Asia/Novosibirsk", []string{"383"}},
}

var usStreets = []string{"Ridgewood", "Juniper", "Sycamore", "Hawthorne", "Magnolia", "Briarcliff", "Foxhollow", "Stonebridge", "Willowbend", "Aspen", "Copperfield", "Meadowlark", "Larkspur", "Cottonwood", "Bayberry", "Kingsbury", "Lexington", "Tamarack", "Brookside", "Hillcrest"}
var usSuffixes = [][2]string{{"St", "Street"}, {"Ave", "Avenue"}, {"Dr", "Drive"}, {"Rd", "Road"}, {"Ln", "Lane"}, {"Blvd", "Boulevard"}, {"Ct", "Court"}, {"Pl", "Place"}, {"Ter", "Terrace"}, {"Pkwy", "Parkway"}}
var usDirs = [][2]string{{"N", "North"}, {"S", "South"}, {"E", "East"}, {"W", "West"}}
var gbStreets = []string{"Kingsley Road", "Albion Street", "Thornhill Crescent", "Marlborough Avenue", "Ashgrove Close", "Wellington Terrace", "Beaumont Gardens"}
var deStreets = []string{"Lindenstraße", "Schillerstraße", "Goethestraße", "Bahnhofstraße", "Gartenweg", "Am Mühlbach", "Rosenplatz"}
var krStreets = []string{"Teheran-ro", "Dosan-daero", "Yanghwa-ro", "Haeundae-ro", "Pangyoyeok-ro"}
var krStreetsHangul = []string{"테헤란로", "도산대로", "양화로", "해운대로", "판교역로"}
var jpAreas = []string{"Jingumae", "Dogenzaka", "Umeda", "Sonezaki"}

type asn struct {
	n    int
	org  string
	kind string // res, mobile, hosting, vpn, corp, astrill, campus
}

var usISPs = []asn{{7922, "Comcast Cable Communications, LLC", "res"}, {7018, "AT&T Services, Inc.", "res"}, {701, "Verizon Business", "res"}, {20115, "Charter Communications", "res"}, {22773, "Cox Communications Inc.", "res"}, {5650, "Frontier Communications of America, Inc.", "res"}, {11427, "Charter Communications Inc (Spectrum)", "res"}, {209, "CenturyLink Communications, LLC", "res"}}
var usMobile = []asn{{21928, "T-Mobile USA, Inc.", "mobile"}, {22394, "Cellco Partnership DBA Verizon Wireless", "mobile"}, {20057, "AT&T Mobility LLC", "mobile"}}
var hosting = []asn{{14061, "DigitalOcean, LLC", "hosting"}, {16276, "OVH SAS", "hosting"}, {20473, "The Constant Company, LLC", "hosting"}, {24940, "Hetzner Online GmbH", "hosting"}, {63949, "Akamai Connected Cloud", "hosting"}}
var privacyVPNs = []asn{{212238, "Datacamp Limited (NordVPN)", "vpn"}, {209103, "Proton AG", "vpn"}, {39351, "31173 Services AB (Mullvad)", "vpn"}, {136787, "TEFINCOM S.A.", "vpn"}, {9009, "M247 Europe SRL", "vpn"}, {46562, "Performive LLC (Private Internet Access)", "vpn"}}
var astrillASNs = []asn{{9009, "M247 Ltd - Astrill VPN exit", "astrill"}, {396356, "Astrill Systems Corp.", "astrill"}, {62240, "Clouvider Limited (astrill)", "astrill"}}
var corpVPNs = []asn{{53813, "Zscaler, Inc.", "corp"}, {54113, "Fastly, Inc.", "corp"}, {13335, "Cloudflare, Inc. (WARP for Teams)", "corp"}, {22843, "Palo Alto Networks Prisma Access", "corp"}}
var cnISPs = []asn{{4134, "CHINANET-BACKBONE No.31,Jin-rong Street", "cn"}, {4837, "CHINA169-BACKBONE CHINA UNICOM", "cn"}, {56046, "China Mobile Communications Group (Jiangsu)", "cn"}}
var ruISPs = []asn{{12389, "PJSC Rostelecom", "ru"}, {8359, "MTS PJSC", "ru"}}

// Where a country's own logins come from (for travellers and people abroad).
var countryISP = map[string]asn{
	"GB": {2856, "British Telecommunications PLC", "res"}, "DE": {3320, "Deutsche Telekom AG", "res"}, "CA": {812, "Rogers Communications Canada Inc.", "res"},
	"KR": {4766, "Korea Telecom", "res"}, "JP": {2516, "KDDI Corporation", "res"}, "IN": {24560, "Bharti Airtel Ltd.", "res"},
	"PH": {9299, "Philippine Long Distance Telephone Company", "res"}, "UA": {15895, "Kyivstar PJSC", "res"}, "PK": {17557, "Pakistan Telecommunication Company Limited", "res"},
	"BR": {28573, "Claro NXT Telecomunicacoes Ltda", "res"}, "NG": {29465, "MTN NIGERIA Communication limited", "res"}, "VN": {7552, "Viettel Group", "res"},
	"PL": {5617, "Orange Polska Spolka Akcyjna", "res"}, "AR": {7303, "Telecom Argentina S.A.", "res"}, "CN": {4134, "CHINANET-BACKBONE No.31,Jin-rong Street", "res"},
	"HK": {4760, "HKT Limited", "res"}, "RU": {12389, "PJSC Rostelecom", "res"}, "MX": {8151, "UNINET", "res"}, "PT": {3243, "MEO - SERVICOS DE COMUNICACOES E MULTIMEDIA S.A.", "res"},
	"TH": {7470, "TRUE INTERNET Co.,Ltd.", "res"}, "ES": {3352, "Telefonica de Espana S.A.U.", "res"}, "IT": {3269, "Telecom Italia S.p.A.", "res"},
	"ID": {7713, "PT Telekomunikasi Indonesia", "res"}, "CO": {3816, "COLOMBIA TELECOMUNICACIONES S.A. E.S.P. BIC", "res"}, "US": {7922, "Comcast Cable Communications, LLC", "res"},
}

var travelSpots = []struct{ country, tz string }{
	{"MX", "America/Mexico_City"}, {"PT", "Europe/Lisbon"}, {"TH", "Asia/Bangkok"}, {"ES", "Europe/Madrid"}, {"IT", "Europe/Rome"},
	{"ID", "Asia/Makassar"}, {"CO", "America/Bogota"}, {"JP", "Asia/Tokyo"}, {"GB", "Europe/London"}, {"DE", "Europe/Berlin"},
	{"CN", "Asia/Shanghai"}, {"HK", "Asia/Hong_Kong"}, // business trips, supplier visits
}

var orgNames = []string{"Quillfeather Analytics", "Ternwood Health", "Brasswind Logistics", "Okapi Payments", "Lanternfish Games", "Marrow & Vine Retail", "Cobaltline Insurance", "Fernhill Robotics", "Gildersleeve Media", "Hollowell Energy",
	"Ironbark Security", "Juniper Loop Software", "Kestrel Freight", "Lumenhaus Architecture", "Moonbeam EdTech", "Nettlefield Bio", "Orchard Ledger", "Pebblestone Banking", "Quarry Street Labs", "Rookery AI",
	"Saltmarsh Foods", "Tidewater Telecom", "Umberline Travel", "Vellum Legal Tech", "Wrenfield Manufacturing", "Yarrow Climate", "Zephyr Mobility", "Anvil & Oak Construction", "Bramblecode", "Cinderpath Studios"}

// Freelance marketplaces: people paid per contract, many employers.
var marketplaces = []string{"TaskHarbor Marketplace", "GigForge Platform"}

var devTitles = []string{"Software Engineer", "Senior Backend Engineer", "Full-Stack Developer", "Frontend Engineer (React)", "Mobile Developer (iOS)", "Data Engineer", "DevOps Engineer", "Blockchain Developer", "Machine Learning Engineer", "QA Automation Engineer", "Platform Engineer", "Android Developer"}
var otherTitles = []string{"Product Manager", "UX Designer", "Account Executive", "Financial Analyst", "Customer Success Manager", "Marketing Specialist", "Technical Writer", "HR Generalist", "Operations Coordinator", "Data Analyst"}
var itTitles = []string{"IT Support Specialist", "Desktop Support Technician", "Service Desk Analyst II", "Systems Administrator", "End-User Computing Engineer", "IT Operations Lead", "Help Desk Technician"}
var nightTitles = []string{"Site Reliability Engineer (on-call)", "NOC Analyst - Night Shift", "Security Operations Analyst (overnight)", "Support Engineer, APAC coverage", "Production Support Engineer"}

var benignSoftware = []string{"Slack", "Zoom", "Google Chrome", "Visual Studio Code", "Docker Desktop", "1Password", "CrowdStrike Falcon Sensor", "Jamf Protect", "Microsoft Teams", "Okta Verify", "Firefox", "iTerm2", "Postman", "JetBrains Toolbox", "Notion", "Figma", "Spotify", "Git", "Node.js", "Python 3.12", "Microsoft Outlook", "Kandji Agent"}
var itRemoteTools = []string{"TeamViewer Host 15.58", "ConnectWise ScreenConnect Client", "BeyondTrust Remote Support Rep Console", "Splashtop Business", "Microsoft Remote Desktop", "NinjaOne Agent", "Kaseya VSA Agent", "TeamViewer 15"}
var ringRemoteTools = []string{"AnyDesk", "AnyDesk 8.1.0", "RustDesk 1.3.2", "Chrome Remote Desktop Host", "TeamViewer QuickSupport", "Splashtop Streamer", "AnyDesk.app", "rustdesk.exe", "Parsec"}
var kvmUSB = []string{"1d6b:0104 Linux Foundation Multifunction Composite Gadget", "PiKVM v4 Plus HID", "TinyPilot Voyager 2a", "JetKVM", "1d6b:0104", "NanoKVM USB HID", "Linux Foundation Multifunction Composite Gadget (1d6b:0104)"}
var benignUSB = []string{"046d:c52b Logitech Unifying Receiver", "05ac:024f Apple Aluminium Keyboard", "0bda:8153 Realtek USB 10/100/1000 LAN", "1050:0407 Yubico YubiKey OTP+FIDO+CCID", "046d:085e Logitech BRIO", "17ef:30b4 Lenovo ThinkPad USB-C Dock", "0781:5583 SanDisk Ultra Fit", "2109:2817 VIA Labs USB2.0 Hub"}
var serverKVM = []string{"0557:2419 ATEN CS1784A KVM Switch", "Raritan Dominion KX III D2CIM-VUSB", "0557:2213 ATEN International Co. KVM"}

var uaChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"
var uaMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15"
var uaLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0"
var uaPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"

var skills = []string{"Go", "Rust", "TypeScript", "React", "Vue", "Kubernetes", "Terraform", "PostgreSQL", "Kafka", "gRPC", "Django", "Spring Boot", "Solidity", "AWS Lambda", "GCP BigQuery", "Redis", "GraphQL", "Swift", "Kotlin", "Flutter", "Airflow", "Snowflake", "Elixir", "C++", "PyTorch", "Next.js", "Node.js", "Rails", "Ansible", "Prometheus"}
var verbs = []string{"built", "migrated", "redesigned", "maintained", "scaled", "automated", "led", "shipped", "refactored", "instrumented", "hardened", "launched", "optimised", "owned", "prototyped"}
var objects = []string{"the billing pipeline", "an internal feature-flag service", "the checkout flow", "a fleet of ingestion workers", "the customer analytics dashboard", "a mobile onboarding experience", "the CI system", "a search relevance model", "the partner API", "a warehouse routing engine", "the claims adjudication backend", "a real-time chat feature", "the identity and SSO layer", "a recommendation service", "the data retention tooling", "an on-prem to cloud migration", "the GDPR deletion workflow", "a trading reconciliation job"}
var outcomes = []string{"cutting p99 latency by 40%", "saving about $120k a year in compute", "for 3 million monthly users", "with zero downtime", "reducing on-call pages by half", "across four regions", "ahead of a SOC 2 audit", "that now handles 8k requests per second", "improving conversion by 6%", "with a team of five", "used by every product squad", "shrinking build times from 30 to 7 minutes"}
var schools = []string{"Oregon State University", "University of Wisconsin–Madison", "Georgia Institute of Technology", "Arizona State University", "Rutgers University", "University of Texas at Dallas", "Purdue University", "University of Waterloo", "University of Manchester", "TU München", "Seoul National University", "KAIST", "Universidade Federal do Paraná", "IIT Bombay", "Lviv Polytechnic", "University of the Philippines Diliman", "Community College of Denver", "Self-taught; bootcamp graduate (App Academy)"}

// Popular resume templates: the same headings and filler sentences in
// thousands of real resumes.
var templates = []string{
	"PROFESSIONAL SUMMARY Results-driven professional with a proven track record of delivering high-quality solutions in fast-paced environments. Excellent communication and interpersonal skills, detail oriented, and able to work independently as well as part of a team. CORE COMPETENCIES Problem solving | Team leadership | Agile methodologies | Stakeholder management | Time management",
	"OBJECTIVE To obtain a challenging position in a reputable organization where I can utilize my skills and knowledge and contribute to the growth of the company while enhancing my own professional development. KEY SKILLS Strong analytical thinking, excellent written and verbal communication, ability to multitask and prioritize in a deadline-driven environment, quick learner and team player",
	"ABOUT ME Passionate and motivated self-starter who thrives on solving complex problems and building products that users love. I am committed to continuous learning and to writing clean, maintainable, well-tested code. WHAT I BRING Ownership mindset, cross-functional collaboration, mentoring junior engineers, and a bias for action",
}

var koreanResumeBits = []string{"Languages: Korean (native), English (fluent).", "Bilingual in Korean and English; volunteer interpreter at the Korean Community Center.", "한국어 능통 (Korean, native).", "Visits family in Seoul every year; comfortable working with KST-based partners.", "Grew up in Daegu; moved to the US for graduate school.", "Korean-American; active in the local Korean church community."}
