package match

import (
	"testing"

	"github.com/clearance-screening/clearance"
)

// Names typed in Arabic script against their Latin listings, written in
// the traditions the lists use (French, Egyptian, Persian, Urdu).
func TestScreenArabicScriptQueries(t *testing.T) {
	p := func(id, name string) clearance.Entity {
		return clearance.Entity{ID: id, Type: clearance.Person, Names: []clearance.Name{{Full: name}}}
	}
	o := func(id, name string) clearance.Entity {
		e := p(id, name)
		e.Type = clearance.Organization
		return e
	}
	es := []clearance.Entity{
		p("omar", "OMAR SABAWI IBRAHIM HASAN AL-TIKRITI"),
		p("alouche", "ISAM ALI MOHAMED ALOUCHE"),
		p("saif", "SAIF-AL-DIN AL-MASHHADANI"),
		p("shekau", "ABUBAKAR MOHAMMED SHEKAU"),
		p("muttaqi", "AMIR KHAN MOTAQI"),
		p("sanaullah", "SANAULLAH GHAFARI"),
		p("karim", "ABDULLAH HAMAD MOHAMMAD KARIM"),
		p("aouani", "AOUANI, Mohamed"),
		p("ahmad", "AHMAD SALEH"),
		p("ghali", "IYAD AG GHALI"),
		o("ttp", "Tehrik-e-Taliban Pakistan"),
		o("rahat", "RAHAT LTD."),
		o("biddam", "AL MOUAKAOUNE BIDDAM"),
	}
	ix := Build(es, Options{})
	tests := []struct{ name, query, want string }{
		{"a name that spells Mr (عمر)", "عمر سبعاوي إبراهيم حسن التكريتي", "omar"},
		{"French ch for ش", "عصام علي محمد علوش", "alouche"},
		{"ad-Din joined in the script, al-Din apart in the listing", "سيف الدين المشهداني", "saif"},
		{"Abu Bakr written apart", "أبو بكر محمد الشكوى", "shekau"},
		{"Amir is a name in the script, a title in Latin", "امیر خان متقی", "muttaqi"},
		{"Urdu Allah joined", "ثناء اللہ غفاری", "sanaullah"},
		{"contextual letter forms", "عبد الله حماد ﻤﺤﻤﺪ ﻛﺮﻴﻡ", "karim"},
		{"Tuareg Ag", "اياد اغ غالي", "ghali"},
		{"izafat written in Latin only", "تحریک طالبان پاکستان", "ttp"},
		{"Latin legal form written in the script", "راحت لمتد", "rahat"},
		{"sun letter assimilated after a prefix", "الموقعون بالدم", "biddam"},
	}
	for _, tt := range tests {
		ms, err := ix.Screen(clearance.Query{Name: tt.query}, clearance.ScreenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) == 0 || ms[0].EntityID != tt.want {
			t.Errorf("%s: %q -> %v, want %s first", tt.name, tt.query, ids(ms), tt.want)
		}
	}
	for _, tt := range []struct{ name, query, not string }{
		{"an initial ه is written h", "هانيه محمدی", "aouani"},
		{"an initial ح is written h: Hamad is not Ahmad", "حمد صالح", "ahmad"},
	} {
		ms, _ := ix.Screen(clearance.Query{Name: tt.query}, clearance.ScreenOptions{})
		for _, m := range ms {
			if m.EntityID == tt.not {
				t.Errorf("%s: %q alerted on %s (%.3f)", tt.name, tt.query, m.Name, m.Score)
			}
		}
	}
}

func ids(ms []clearance.Match) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.EntityID)
	}
	return out
}
