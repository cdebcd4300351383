package names

import (
	"slices"
	"strings"
)

// familiarForms maps a given name's common short or familiar forms to the
// formal names they stand for (several separated by |), as a person may
// be screened by either: Bill Smith is William Smith, Sasha Ivanov is
// Aleksandr Ivanov. Forms that are also other words of names are left out
// (Al is the Arabic article, Ben a patronymic particle), and the formal
// names are spelled as Latin spells them.
var familiarForms = map[string]string{
	// English
	"bill": "william", "billy": "william", "willy": "william", "liam": "william",
	"bob": "robert", "bobby": "robert", "rob": "robert", "robbie": "robert", "bert": "robert",
	"dick": "richard", "rick": "richard", "ricky": "richard",
	"jim": "james", "jimmy": "james", "jamie": "james",
	"mike": "michael", "mikey": "michael", "mick": "michael", "mickey": "michael",
	"tom": "thomas", "tommy": "thomas",
	"tony": "anthony", "joe": "joseph", "joey": "joseph",
	"dave": "david", "davy": "david", "dan": "daniel", "danny": "daniel",
	"chris": "christopher",
	"ed":    "edward", "eddie": "edward", "ned": "edward",
	"theo": "theodore", "ted": "edward|theodore", "teddy": "edward|theodore", "alex": "alexander|aleksandr|aleksei",
	"max": "maximilian|maxim", "sam": "samuel", "sammy": "samuel",
	"steve": "stephen", "stevie": "stephen", "nick": "nicholas", "nicky": "nicholas",
	"pat": "patrick", "paddy": "patrick", "matt": "matthew", "andy": "andrew",
	"greg": "gregory", "jeff": "jeffrey", "jerry": "gerald", "ken": "kenneth", "larry": "lawrence",
	"len": "leonard", "lenny": "leonard", "nate": "nathaniel", "phil": "philip", "ray": "raymond",
	"ron": "ronald", "ronnie": "ronald", "russ": "russell", "stan": "stanley", "terry": "terence",
	"tim": "timothy", "timmy": "timothy", "vince": "vincent", "walt": "walter", "zach": "zachary",
	"fred": "frederick", "freddie": "frederick", "hank": "henry", "harry": "henry",
	"jack": "john", "johnny": "john", "charlie": "charles", "chuck": "charles", "doug": "douglas",
	"bibi": "benjamin", "benny": "benjamin", "benji": "benjamin",
	"liz": "elizabeth", "beth": "elizabeth", "betty": "elizabeth", "lizzie": "elizabeth", "eliza": "elizabeth",
	"kate": "catherine", "katie": "catherine", "cathy": "catherine", "kathy": "catherine",
	"peggy": "margaret", "maggie": "margaret", "meg": "margaret", "jenny": "jennifer", "jen": "jennifer",
	"sue": "susan", "susie": "susan", "debbie": "deborah", "becky": "rebecca", "vicky": "victoria",
	"patty": "patricia", "trish": "patricia", "mandy": "amanda", "sandy": "alexandra",
	// Russian and other Slavic diminutives
	"sasha": "aleksandr", "sanya": "aleksandr", "shura": "aleksandr", "volodya": "vladimir", "vova": "vladimir",
	"misha": "mikhail", "kolya": "nikolai", "dima": "dmitry", "vanya": "ivan", "seryozha": "sergei",
	"serezha": "sergei", "lyosha": "aleksei", "alyosha": "aleksei", "zhenya": "yevgeny", "pasha": "pavel",
	"petya": "pyotr", "kostya": "konstantin", "slava": "vyacheslav", "tolya": "anatoly", "vitya": "viktor",
	"yura": "yuri", "grisha": "grigory", "lyonya": "leonid", "borya": "boris", "igorek": "igor",
	"natasha": "natalya", "masha": "maria", "katya": "yekaterina", "tanya": "tatyana", "sveta": "svetlana",
	"lena": "yelena", "olya": "olga", "ira": "irina", "lyuda": "lyudmila", "galya": "galina",
	// Spanish, Portuguese, Italian, German
	"pepe": "jose", "paco": "francisco", "pancho": "francisco", "nacho": "ignacio", "chema": "josemaria",
	"lupe": "guadalupe", "beppe": "giuseppe", "peppe": "giuseppe", "gigi": "luigi", "sepp": "josef",
	"hansi": "hans", "fritz": "friedrich", "kalle": "karl",
}

// nationalForms maps the Ukrainian (and Belarusian) forms of given names
// to the Russian forms that lists and passports issued before 2010 write
// for the same person, in the spellings lists use: OFAC's KOZYAKOV,
// Serhiy is the UK's KOZYAKOV, Sergey Yurievich. They meet as familiar
// forms do.
var nationalForms = map[string]string{
	"serhiy": "sergei|sergey|sergiy", "serhii": "sergei|sergey|sergiy", "sergiy": "sergei|sergey",
	"oleksandr": "aleksandr|alexander|alexandr", "oleksiy": "aleksei|aleksey|alexei", "oleksii": "aleksei|aleksey|alexei",
	"volodymyr": "vladimir", "mykola": "nikolai|nikolay", "andriy": "andrei|andrey", "andrii": "andrei|andrey",
	"yuriy": "yuri|yury|yuriy", "yurii": "yuri|yury", "dmytro": "dmitry|dmitri|dmitriy", "oleh": "oleg",
	"ihor": "igor", "petro": "pyotr|petr", "pavlo": "pavel", "mykhailo": "mikhail", "mykhaylo": "mikhail",
	"vasyl": "vasily|vasiliy|vasili", "fedir": "fyodor|fedor", "fedor": "fyodor", "fyodor": "fedor",
	"hryhoriy": "grigory|grigoriy", "hryhorii": "grigory|grigoriy", "yevhen": "yevgeny|yevgeniy|evgeny|evgenii",
	"yevheniy": "yevgeny|yevgeniy|evgeny|evgenii", "kostiantyn": "konstantin", "kostyantyn": "konstantin",
	"anatoliy": "anatoly|anatoli", "anatolii": "anatoly|anatoli", "valeriy": "valery|valeri", "valerii": "valery|valeri",
	"vitaliy": "vitaly|vitali", "vitalii": "vitaly|vitali", "viacheslav": "vyacheslav", "bohdan": "bogdan",
	"heorhiy": "georgy|georgiy|georgi", "heorhii": "georgy|georgiy|georgi", "mykhailivna": "mikhailovna",
	"tetiana": "tatyana|tatiana", "tetyana": "tatyana|tatiana", "olena": "yelena|elena", "nataliya": "natalya|natalia",
	"nataliia": "natalya|natalia", "liudmyla": "lyudmila|ludmila", "lyudmyla": "lyudmila|ludmila", "halyna": "galina",
	"iryna": "irina", "kateryna": "yekaterina|ekaterina", "svitlana": "svetlana", "hanna": "anna",
}

// formalNames is familiarForms and nationalForms split.
var formalNames = func() map[string][]string {
	m := make(map[string][]string, len(familiarForms)+len(nationalForms))
	for _, forms := range []map[string]string{familiarForms, nationalForms} {
		for k, v := range forms {
			m[k] = strings.Split(v, "|")
		}
	}
	return m
}()

// FormalNames returns the formal given names a familiar form stands for
// (Bill → william; Ted → edward, theodore), or nil. t is a token's text.
func FormalNames(t string) []string {
	return formalNames[t]
}

// SameGivenName reports whether a and b (token texts) are one given name
// in its formal and familiar forms (Bill, William) or two familiar forms
// of one formal name (Bob, Rob).
func SameGivenName(a, b string) bool {
	fa, fb := formalNames[a], formalNames[b]
	if fa == nil && fb == nil {
		return false
	}
	for _, x := range fa {
		if x == b || slices.Contains(fb, x) {
			return true
		}
	}
	return slices.Contains(fb, a)
}
