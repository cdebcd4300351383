package hire

import (
	"fmt"
	"testing"
	"time"
)

// Tests of the rules added while reading the misses and false flags of an
// independent population (hire/internal/indepgen): each rule separately,
// with its look-alike and the ring it must still find.

func TestPayrollProvidersAndAgenciesAreNotFacilitators(t *testing.T) {
	var recs []rec
	// Twelve contractors paid through one EOR's collection account, and
	// eight through a staffing agency's, as their records say.
	for i := 0; i < 12; i++ {
		recs = append(recs, person(fmt.Sprintf("eor%d", i), rec{"org": fmt.Sprintf("Client%d", i%3),
			"payouts": []rec{{"method": "bank", "holder_name": "Deel Inc.", "account": []string{"Routing 026009593 / Acct 4455667788", "026009593-4455667788"}[i%2], "country": "US"}}}))
	}
	for i := 0; i < 8; i++ {
		recs = append(recs, person(fmt.Sprintf("ag%d", i), rec{"org": "Acme",
			"payouts": []rec{{"method": "bank", "holder_name": "Brightline Staffing LLC", "account": "021000021 31313131", "country": "US"}}}))
	}
	// A payroll provider's account for the benefit of the person.
	recs = append(recs, person("fbo", rec{"legal_name": "Jane Doe", "payouts": []rec{{"method": "bank", "holder_name": "Gusto FBO JANE DOE", "account": "021000021 5550001", "country": "US"}}}))
	// Three personas paid into one shell company's account.
	for i := 0; i < 3; i++ {
		recs = append(recs, person(fmt.Sprintf("sh%d", i), rec{"org": fmt.Sprintf("Org%d", i), "interview": rec{"camera_refused": true},
			"payouts": []rec{{"method": "bank", "holder_name": "Northgate Digital Solutions LLC", "account": "021000021 8080808", "country": "US"}}}))
	}
	_, by := run(t, nil, recs)
	for _, id := range []string{"eor0", "eor5", "ag0", "ag7"} {
		if by[id].Flagged || signal(by[id], "payee_company") != nil || signal(by[id], "payee_intermediary") == nil {
			t.Errorf("%s paid through an intermediary: flagged %v, %+v", id, by[id].Flagged, by[id].Signals)
		}
		if s := signal(by[id], "shared_account"); s != nil && s.Weight > 0.1 {
			t.Errorf("%s: an intermediary's account weighs %.2f", id, s.Weight)
		}
	}
	if signal(by["fbo"], "payee_not_self") != nil || signal(by["fbo"], "payee_company") != nil {
		t.Errorf("FBO the person is their own pay: %+v", by["fbo"].Signals)
	}
	if s := signal(by["sh0"], "payee_company"); s == nil || !by["sh0"].Flagged {
		t.Errorf("a shell company paying three personas: flagged %v, %+v", by["sh0"].Flagged, by["sh0"].Signals)
	}
}

func TestPlaceholderAndStockPhotosAreNotOneFace(t *testing.T) {
	var recs []rec
	for i := 0; i < 10; i++ {
		recs = append(recs, person(fmt.Sprintf("d%d", i), rec{"org": fmt.Sprintf("O%d", i), "photo_phash": []string{"0000000000000000", "FFFFFFFFFFFFFFFF", "8080808080808080"}[i%3]}))
	}
	recs = append(recs,
		person("p1", rec{"org": "X", "photo_phash": "d1c3a5e7f0b2c4d6"}),
		person("p2", rec{"org": "Y", "photo_phash": "d1c3a5e7f0b2c4d7"}))
	_, by := run(t, nil, recs)
	for i := 0; i < 10; i++ {
		id := fmt.Sprintf("d%d", i)
		if signal(by[id], "shared_photo") != nil || by[id].Flagged {
			t.Errorf("%s with a default avatar: %+v", id, by[id].Signals)
		}
	}
	if s := signal(by["p1"], "shared_photo"); s == nil || s.Weight < 0.4 {
		t.Errorf("one face under two names: %+v", by["p1"].Signals)
	}
	if !placeholderPHash(0) || !placeholderPHash(0x8080808080808080) || !placeholderPHash(0xf0f0f0f0f0f0f0f0) || placeholderPHash(0xd1c3a5e7f0b2c4d6) {
		t.Error("placeholderPHash")
	}
}

func TestSharedWorkstationIsNotAPersonaLaptop(t *testing.T) {
	var recs []rec
	for i := 0; i < 5; i++ {
		recs = append(recs, person(fmt.Sprintf("h%d", i), rec{"devices": []rec{{"id": fmt.Sprintf("LT-%d", i)}, {"id": "HOTDESK-07"}}}))
	}
	for i := 0; i < 2; i++ {
		recs = append(recs, person(fmt.Sprintf("l%d", i), rec{"org": fmt.Sprintf("Org%d", i), "devices": []rec{{"id": "C02XK1ZJJG5H"}}}))
	}
	// four personas at one employer on one laptop, their only device
	for i := 0; i < 4; i++ {
		recs = append(recs, person(fmt.Sprintf("k%d", i), rec{"org": "Kestrel", "devices": []rec{{"id": "LAP-RING-1"}}}))
	}
	_, by := run(t, nil, recs)
	if s := signal(by["h0"], "shared_device"); s != nil && s.Weight > 0.15 || signal(by["h0"], "identity_ring") != nil || by["h0"].Flagged {
		t.Errorf("a hot desk: %+v", by["h0"].Signals)
	}
	if s := signal(by["l0"], "shared_device"); s == nil || s.Weight < 0.4 {
		t.Errorf("one laptop under two employers' personas: %+v", by["l0"].Signals)
	}
	if s := signal(by["k0"], "shared_device"); s == nil || s.Weight < 0.3 {
		t.Errorf("one laptop, the only one of four personas at one employer: %+v", by["k0"].Signals)
	}
}

func TestSwitchboardExtensionsAreDesks(t *testing.T) {
	recs := []rec{
		person("a", rec{"phones": []string{"+1 212 555 0100 ext. 231"}}),
		person("b", rec{"phones": []string{"(212) 555-0100 x415"}}),
		person("c", rec{"org": "X", "phones": []string{"212.555.0199"}}),
		person("d", rec{"org": "Y", "phones": []string{"+1 212 555 0199"}}),
	}
	_, by := run(t, nil, recs)
	desk, line := signal(by["a"], "shared_phone"), signal(by["c"], "shared_phone")
	if line == nil || desk != nil && desk.Weight > line.Weight/3 {
		t.Errorf("two desks weigh %+v, one line %+v", desk, line)
	}
}

func TestAddressNamingTheEmployerIsAnOffice(t *testing.T) {
	var recs []rec
	for i := 0; i < 4; i++ {
		st := []string{"Vellum Legal Tech Reception\n196 Lexington Ct Suite 600, Sacramento, CA 95814", "Attn: IT, 196 Lexington Court Apt 600, Sacramento, California 95814",
			"196 LEXINGTON CT #600 SACRAMENTO CA 95814", "196 Lexington Ct., Unit 600, Sacramento, CA 95814"}[i]
		recs = append(recs, person(fmt.Sprintf("o%d", i), rec{"org": "Vellum Legal Tech", "ship_to": st}))
	}
	// A farm whose address one persona's record writes with "Attn:".
	for i := 0; i < 3; i++ {
		recs = append(recs, person(fmt.Sprintf("f%d", i), rec{"org": fmt.Sprintf("Org%d", i),
			"ship_to": []string{"Attn: IT, 77 Birch Lane, Dover, DE 19901", "77 BIRCH LN, DOVER DE 19901", "77 Birch Ln., Dover, Delaware 19901"}[i]}))
	}
	_, by := run(t, nil, recs)
	for i := 0; i < 4; i++ {
		id := fmt.Sprintf("o%d", i)
		if s := signal(by[id], "shared_ship_to"); s == nil || s.Weight > 0.15 || by[id].Flagged {
			t.Errorf("%s ships to the employer's office: %+v", id, by[id].Signals)
		}
	}
	if s := signal(by["f1"], "shared_ship_to"); s == nil || s.Weight < 0.3 {
		t.Errorf("one parcel's Attn: made a farm an office: %+v", by["f1"].Signals)
	}
}

func TestHomeSharedWithAFlaggedRingIsNotAHousehold(t *testing.T) {
	ring := func(id string) rec {
		return person(id, rec{"org": "Org-" + id, "home_address": "3276 Stonebridge Terrace, APT 7A, Jacksonville, Florida 32202",
			"payouts":   []rec{{"method": "bank", "account": "021000021 777", "country": "HK", "holder_name": "Li Qiang"}},
			"interview": rec{"camera_refused": true}})
	}
	recs := []rec{ring("r1"), ring("r2"),
		// gives the ring's drop address as home, and nothing else
		person("weak", rec{"org": "Other", "home_address": "3276 STONEBRIDGE TER. #7A JACKSONVILLE FL 32202-2932"}),
		// roommates of no one flagged
		person("m1", rec{"legal_name": "Mia Lane", "home_address": "12 Oak St Apt 3, Tulsa, OK 74103"}),
		person("m2", rec{"legal_name": "Noor Haddad", "home_address": "12 OAK ST #3 TULSA OK 74103"}),
	}
	_, by := run(t, nil, recs)
	if !by["weak"].Flagged || signal(by["weak"], "linked_to_flagged") == nil {
		t.Errorf("a home shared with a flagged ring: %+v", by["weak"].Signals)
	}
	if by["m1"].Flagged || by["m2"].Flagged {
		t.Error("roommates flagged")
	}
}

func TestATripToChinaIsNotAPersonaSlip(t *testing.T) {
	cn := rec{"ip": "36.110.1.1", "country": "CN", "asn": 4134, "asn_org": "CHINANET-BACKBONE"}
	recs := []rec{person("trip", nil), person("slip", rec{"org": "Other"})}
	var evs []rec
	// trip works from home until the end of February, slip until May
	evs = append(evs, workEvents("trip", "America/Chicago", 50, nil)...)
	evs = append(evs, workEvents("slip", "America/Chicago", 120, nil)...)
	// trip: eight days in a row from China, nothing else those days
	for d := 0; d < 8; d++ {
		at := time.Date(2025, 3, 3+d, 3, 0, 0, 0, time.UTC)
		e := rec{"kind": "event", "person": "trip", "at": at.Format(time.RFC3339), "type": "login"}
		for k, v := range cn {
			e[k] = v
		}
		evs = append(evs, e)
	}
	// slip: the same number of China logins, scattered over two months on
	// days with US logins
	for d := 0; d < 8; d++ {
		at := time.Date(2025, 1, 6+7*d, 23, 0, 0, 0, time.UTC)
		e := rec{"kind": "event", "person": "slip", "at": at.Format(time.RFC3339), "type": "login"}
		for k, v := range cn {
			e[k] = v
		}
		evs = append(evs, e)
	}
	_, by := run(t, nil, append(recs, evs...))
	trip, slip := signal(by["trip"], "login_from_cn"), signal(by["slip"], "login_from_cn")
	if trip == nil || slip == nil {
		t.Fatalf("trip %+v\nslip %+v", by["trip"].Signals, by["slip"].Signals)
	}
	if trip.Weight > 0.15 || slip.Weight < 0.4 {
		t.Errorf("trip weighs %.2f, scattered slips %.2f", trip.Weight, slip.Weight)
	}
}

func TestLaptopFarmNetworkSharedByManyFindsTheWeakMember(t *testing.T) {
	farm := rec{"ip": "73.188.211.16", "country": "US", "asn": 7922, "asn_org": "Comcast Cable"}
	var recs []rec
	for i := 0; i < 5; i++ {
		id := fmt.Sprintf("r%d", i)
		recs = append(recs, person(id, rec{"org": "Org" + id, "interview": rec{"camera_refused": true},
			"payouts": []rec{{"method": "bank", "account": "021000021 777", "country": "HK", "holder_name": "Li Qiang"}}}))
		recs = append(recs, workEvents(id, "America/Chicago", 60, farm)...)
	}
	// logs in from the farm and shares nothing else
	recs = append(recs, person("weak", rec{"org": "Other"}))
	recs = append(recs, workEvents("weak", "America/Chicago", 60, farm)...)
	recs = append(recs, person("bystander", rec{"org": "Other"}))
	recs = append(recs, workEvents("bystander", "America/Chicago", 60, nil)...)
	_, by := run(t, nil, recs)
	if !by["weak"].Flagged {
		t.Fatalf("a persona on a ring's farm network: %+v", by["weak"].Signals)
	}
	if s := signal(by["weak"], "linked_to_flagged"); s == nil || !s.Hard {
		t.Errorf("no hard link: %+v", by["weak"].Signals)
	}
	if by["bystander"].Flagged {
		t.Error("bystander flagged")
	}
}

func TestDropAddressOfARingAtOneEmployer(t *testing.T) {
	var recs []rec
	for i := 0; i < 6; i++ {
		recs = append(recs, person(fmt.Sprintf("r%d", i), rec{"org": "Tidewater", "home_address": "2588 Magnolia Dr Apt. 7C, Newark, NJ 07102",
			"interview": rec{"camera_refused": true},
			"payouts":   []rec{{"method": "bank", "account": "021000021 777", "country": "HK", "holder_name": "Li Qiang"}}}))
	}
	recs = append(recs, person("weak", rec{"org": "Tidewater", "home_address": "2588 Magnolia Drive, APT 7C\nNewark NJ 07102-8116\nUSA"}))
	_, by := run(t, nil, recs)
	if !by["weak"].Flagged {
		t.Errorf("the ring's drop address, given at one employer: %+v", by["weak"].Signals)
	}
}
