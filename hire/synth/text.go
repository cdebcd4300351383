package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

var (
	techs        = []string{"Go", "Python", "TypeScript", "React", "Node.js", "Kubernetes", "AWS", "PostgreSQL", "Java", "Spring Boot", "Rust", "Terraform", "Docker", "GraphQL", "Kafka", "Redis", "Django", "Vue.js", "Swift", "Kotlin", "Flutter", "Solidity", "Next.js", "GCP", "Azure", "C#", ".NET", "Ruby on Rails", "Elasticsearch", "Snowflake"}
	companies    = []string{"Acme Retail", "Globex Health", "Initech", "Umbrella Logistics", "Stark Analytics", "Wayne Fintech", "Hooli", "Vandelay Imports", "Soylent Foods", "Tyrell Systems", "Cyberdyne Robotics", "Wonka Commerce", "Oscorp Labs", "Massive Dynamic", "Pied Piper", "Aperture Science", "Prestige Worldwide", "Dunder Mifflin Paper", "Monarch Media", "Gringotts Payments"}
	usSchools    = []string{"University of Texas at Austin", "Georgia Institute of Technology", "University of Washington", "Ohio State University", "University of Michigan", "Arizona State University", "Rutgers University", "Purdue University", "University of Florida", "Penn State University", "University of Illinois Urbana-Champaign", "San Jose State University", "University of Minnesota", "Boston University", "North Carolina State University"}
	farSchools   = []string{"Dalian University of Technology", "Universiti Teknologi Malaysia", "Harbin Institute of Technology", "University of Malaya", "National University of Laos", "Shenyang Aerospace University", "Vladivostok State University", "Hanoi University of Science and Technology", "Jilin University", "Yanbian University of Science and Technology"}
	localSchools = map[string][]string{
		"IN": {"IIT Bombay", "Anna University", "VIT Vellore", "University of Pune"}, "PK": {"LUMS", "FAST-NUCES", "NUST"}, "PH": {"University of the Philippines Diliman", "Ateneo de Manila University"},
		"UA": {"Kyiv Polytechnic Institute", "Lviv Polytechnic National University"}, "PL": {"Warsaw University of Technology", "AGH University of Krakow"}, "BR": {"Universidade de Sao Paulo", "UNICAMP"},
		"MX": {"UNAM", "Tecnologico de Monterrey"}, "AR": {"Universidad de Buenos Aires"}, "VN": {"Vietnam National University"}, "NG": {"University of Lagos", "Covenant University"},
		"CN": {"Tsinghua University", "Zhejiang University", "Fudan University"}, "KR": {"Seoul National University", "KAIST", "Yonsei University", "Korea University"}, "RU": {"Moscow State University", "ITMO University"},
		"HK": {"University of Hong Kong", "HKUST"}, "DE": {"TU Munich", "TU Berlin"}, "GB": {"University of Manchester", "Imperial College London"}, "ES": {"Universidad Politecnica de Madrid"},
	}
	summaries = []string{
		"Backend engineer who likes boring, reliable systems.",
		"Product-minded developer with a focus on accessibility and performance.",
		"Engineer with a background in physics; I enjoy data-heavy problems.",
		"Self-taught developer, bootcamp graduate, career changer from teaching.",
		"Platform engineer; I make other engineers faster.",
		"Full-stack developer who has shipped consumer apps used by millions.",
		"Quiet, thorough engineer; I write the runbooks nobody else writes.",
	}
)

// resumeTemplates are popular fill-in resume layouts: many honest people
// share their headings and stock phrases.
var resumeTemplates = []string{
	"PROFESSIONAL SUMMARY\nResults-driven %s with %d+ years of experience delivering scalable, high-quality solutions in fast-paced, agile environments. Proven track record of collaborating with cross-functional teams to drive business value.\nCORE COMPETENCIES\n%s | %s | %s | Agile/Scrum | CI/CD | Problem Solving | Team Leadership\nPROFESSIONAL EXPERIENCE\n%s\nEDUCATION\n%s",
	"About Me\nPassionate and detail-oriented %s with %d years of hands-on experience. Strong communicator and lifelong learner who thrives on solving complex problems.\nSkills\n- %s\n- %s\n- %s\nWork History\n%s\nEducation\n%s\nReferences available upon request.",
	"OBJECTIVE\nTo obtain a challenging position as a %s where I can utilize my %d years of experience and skills to contribute to company growth.\nTECHNICAL SKILLS\nLanguages & Frameworks: %s, %s, %s\nEXPERIENCE\n%s\nEDUCATION\n%s",
}

// Parts of work-history lines. They combine into far more sentences than
// a population has people, so two honest resumes rarely share a phrase
// longer than a few words, as in life; shared phrasing is left to the
// templates and the rings.
var (
	histVerbs    = []string{"Built", "Designed", "Led the rewrite of", "Migrated", "Automated", "Owned", "Launched", "Scaled", "Maintained", "Introduced", "Refactored", "Shipped", "Optimised", "Created", "Drove the redesign of", "Stabilised", "Took over", "Prototyped", "Modernised", "Co-authored"}
	histObjects  = []string{"the billing service", "a customer analytics dashboard", "the mobile checkout flow", "an internal deployment tool", "the search indexing pipeline", "a partner integration API", "the onboarding experience", "our feature-flag system", "the data warehouse models", "a real-time notification service", "the claims processing backend", "an inventory forecasting job", "the identity and login stack", "a document rendering service", "the payments reconciliation job", "a recommendation engine", "the support ticket triage bot", "a multi-tenant admin console", "the event ingestion layer", "a logistics routing module", "the pricing engine", "an A/B testing framework", "the audit logging service", "a GDPR data-export tool", "the release train", "our on-call runbooks", "a fleet telematics backend", "the course authoring app", "a lab results portal", "the store locator"}
	histContexts = []string{"for %d retail stores", "across %d regions", "for a %d-person team", "with a 99.9%% SLA and %d services", "for %d hospital sites", "during a %d-month platform migration", "for %d enterprise customers", "with %d other engineers", "for %d countries", "in %d sprints", "for a team of %d analysts", "covering %d product lines"}
	histOutcomes = []string{"cutting cloud costs by %d%%", "reducing incidents by %d%%", "raising conversion %d%%", "halving build times across %d repos", "saving %d engineer-hours a month", "serving %d requests a second", "supporting %d thousand daily users", "with zero downtime over %d releases", "lifting test coverage to %d%%", "closing %d audit findings", "shortening onboarding to %d days", "trimming p99 latency by %d ms"}
)

func workHistory(r *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		co := pick(r, companies)
		from := 2025 - 2*i - r.IntN(3)
		fmt.Fprintf(&b, "%s, %d-%d. ", co, from-1-r.IntN(3), from)
		for k := range 1 + r.IntN(2) {
			if k > 0 {
				b.WriteByte(' ')
			}
			fmt.Fprintf(&b, "%s %s ", pick(r, histVerbs), pick(r, histObjects))
			fmt.Fprintf(&b, pick(r, histContexts), 2+r.IntN(60))
			fmt.Fprintf(&b, " in %s, ", pick(r, techs))
			fmt.Fprintf(&b, pick(r, histOutcomes), 3+r.IntN(90))
			b.WriteByte('.')
		}
		b.WriteByte('\n')
	}
	return strings.TrimSpace(b.String())
}

type resumeOpts struct {
	name, title, school string
	years               int
	template            int // -1 for a free-form resume
	extra               string
}

func writeResume(r *rand.Rand, o resumeOpts) string {
	hist := workHistory(r, 2+r.IntN(2))
	edu := fmt.Sprintf("B.S. Computer Science, %s, %d", o.school, 2025-o.years-r.IntN(2))
	var s string
	if o.template >= 0 {
		s = fmt.Sprintf(resumeTemplates[o.template], o.title, o.years, pick(r, techs), pick(r, techs), pick(r, techs), hist, edu)
	} else {
		s = fmt.Sprintf("%s\n%s\n%s. %d years. Skills: %s, %s, %s, %s.\nExperience\n%s\nEducation\n%s", o.name, pick(r, summaries), o.title, o.years,
			pick(r, techs), pick(r, techs), pick(r, techs), pick(r, techs), hist, edu)
	}
	if o.extra != "" {
		s += "\n" + o.extra
	}
	return s
}

// ringResume is the narrative a team reuses across its personas.
func ringResume(r *rand.Rand, title string) string {
	return fmt.Sprintf("Highly motivated %s with %d years of experience building decentralized applications, scalable web platforms and mobile apps for clients in fintech, e-commerce and gaming. Expert in %s, %s and %s. Delivered 40+ projects end to end with 100%% client satisfaction, from smart contracts to cloud deployment. I am a fast learner who works well independently and in distributed teams across time zones. Available full time and able to start immediately; flexible with working hours and comfortable with long-term contracts.\nExperience\n%s\nSkills: %s, %s, %s, Web3.js, Ethers.js, Solidity, Rust, AWS, MongoDB.",
		title, 7+r.IntN(6), pick(r, techs), pick(r, techs), pick(r, techs), workHistory(r, 4), pick(r, techs), pick(r, techs), pick(r, techs))
}

// nearCopy edits a shared text lightly: a new name line, a few words
// swapped, a sentence dropped, as a persona factory does.
func nearCopy(r *rand.Rand, base, name, school string) string {
	words := strings.Fields(base)
	for range 1 + r.IntN(2) {
		i := r.IntN(len(words))
		words[i] = pick(r, []string{"robust", "modern", "secure", "cutting-edge", "enterprise", "innovative", "efficient", "reliable"})
	}
	s := strings.Join(words, " ")
	if r.IntN(4) == 0 {
		if i := strings.Index(s, ". "); i > 0 {
			if j := strings.Index(s[i+2:], ". "); j > 0 {
				s = s[:i+2] + s[i+2+j+2:]
			}
		}
	}
	return name + "\n" + s + "\nEducation: B.S. Computer Science, " + school
}

var (
	benignNotes = []string{"Strong system design answers.", "Good communicator; asked sharp questions about on-call.", "Camera froze twice; switched to phone, fine after.", "Take-home well tested.", "Prefers async work; fine for this team.", "References checked.", "Relocating within the state next spring."}
	cameraNotes = []string{"Kept camera off; said the webcam was broken.", "Camera off for the whole call, citing bandwidth.", "Joined by audio only, twice.", "Video showed a still image; candidate declined to turn on live video."}
	onsiteNotes = []string{"Declined onsite ID check citing family reasons.", "Could not attend in-person onboarding; asked to do it remotely.", "Refused drug test and office visit.", "Repeatedly rescheduled the in-person meeting (travel)."}
)

func handleFor(r *rand.Rand, given, family string, digits4 bool) string {
	g := strings.ToLower(asciiFold.Replace(given))
	f := strings.ToLower(asciiFold.Replace(family))
	if digits4 {
		return g + fmt.Sprint(1980+r.IntN(25))
	}
	switch r.IntN(5) {
	case 0:
		return g + f
	case 1:
		return g[:1] + f
	case 2:
		return g + "-" + f
	case 3:
		return f + g[:1] + fmt.Sprint(r.IntN(100))
	default:
		return g + "-" + pick(r, []string{"dev", "codes", "io", "eng", "builds"})
	}
}
