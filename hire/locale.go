package hire

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// countryLanguages are the languages (ISO 639-1) people of a country
// commonly set their devices to, beside English, which is never a signal.
var countryLanguages = map[string][]string{
	"US": {"es"}, "CA": {"fr"}, "GB": {"cy"}, "IE": {"ga"}, "AU": {}, "NZ": {"mi"},
	"DE": {"de"}, "AT": {"de"}, "CH": {"de", "fr", "it"}, "FR": {"fr"}, "BE": {"fr", "nl"}, "NL": {"nl"},
	"ES": {"es", "ca", "eu", "gl"}, "PT": {"pt"}, "IT": {"it"}, "PL": {"pl"}, "CZ": {"cs"}, "SK": {"sk"},
	"SE": {"sv"}, "NO": {"nb", "no", "nn"}, "DK": {"da"}, "FI": {"fi", "sv"}, "EE": {"et", "ru"}, "LV": {"lv", "ru"},
	"LT": {"lt"}, "UA": {"uk", "ru"}, "RO": {"ro"}, "BG": {"bg"}, "GR": {"el"}, "TR": {"tr"}, "HU": {"hu"},
	"RS": {"sr"}, "HR": {"hr"}, "SI": {"sl"}, "IL": {"he", "ar"}, "AE": {"ar"}, "SA": {"ar"}, "EG": {"ar"},
	"IN": {"hi", "bn", "te", "ta", "mr", "gu", "kn", "ml", "pa", "ur"}, "PK": {"ur"}, "BD": {"bn"},
	"KR": {"ko"}, "JP": {"ja"}, "CN": {"zh"}, "TW": {"zh"}, "HK": {"zh"}, "SG": {"zh", "ms", "ta"},
	"MY": {"ms", "zh"}, "ID": {"id"}, "PH": {"tl", "fil"}, "VN": {"vi"}, "TH": {"th"},
	"BR": {"pt"}, "MX": {"es"}, "AR": {"es"}, "CO": {"es"}, "CL": {"es"}, "PE": {"es"}, "ZA": {"af", "zu", "xh"},
	"NG": {"ha", "yo", "ig"}, "KE": {"sw"}, "RU": {"ru"}, "BY": {"be", "ru"}, "KZ": {"kk", "ru"},
}

// regionLanguage is the language a country's keyboard layout types.
var regionLanguage = map[string]string{
	"US": "en", "GB": "en", "UK": "en", "CA": "en", "AU": "en", "NZ": "en", "IE": "en", "IN": "en", "PH": "en",
	"NG": "en", "ZA": "en", "PK": "en", "SG": "en", "KE": "en", "GH": "en",
	"KR": "ko", "KP": "ko", "CN": "zh", "TW": "zh", "HK": "zh", "JP": "ja", "RU": "ru", "BY": "ru", "KZ": "ru",
	"UA": "uk", "DE": "de", "AT": "de", "CH": "de", "FR": "fr", "BE": "fr", "ES": "es", "MX": "es", "AR": "es",
	"CO": "es", "CL": "es", "PE": "es", "BR": "pt", "PT": "pt", "PL": "pl", "NL": "nl", "VN": "vi", "TH": "th",
	"IT": "it", "TR": "tr", "IL": "he", "SE": "sv", "NO": "no", "DK": "da", "FI": "fi", "CZ": "cs", "RO": "ro",
	"HU": "hu", "GR": "el", "ID": "id", "MY": "ms", "BD": "bn", "EG": "ar", "SA": "ar", "AE": "ar",
}

// languageNames are the words a resume uses to state a language.
var languageNames = map[string][]string{
	"ko": {"korean", "한국어", "beolsik", "hangul", "hangeul"}, "zh": {"chinese", "mandarin", "cantonese", "中文", "pinyin", "wubi", "zhuyin", "cangjie"},
	"ja": {"japanese", "日本語", "kotoeri", "romaji", "kana"},
	"ru": {"russian"}, "es": {"spanish", "español"}, "fr": {"french", "français"}, "de": {"german", "deutsch"},
	"pt": {"portuguese"}, "it": {"italian"}, "vi": {"vietnamese"}, "th": {"thai"}, "ar": {"arabic"},
	"hi": {"hindi"}, "uk": {"ukrainian"}, "pl": {"polish"}, "tr": {"turkish"}, "he": {"hebrew"}, "id": {"indonesian"},
	"ms": {"malay"}, "tl": {"tagalog", "filipino"}, "nl": {"dutch"}, "sv": {"swedish"},
}

// languageWord maps each word of languageNames to its language.
var languageWord = func() map[string]string {
	m := map[string]string{}
	for code, ws := range languageNames {
		for _, w := range ws {
			m[w] = code
		}
	}
	return m
}()

// resumeLanguages are the languages a resume names or is partly written
// in (Hangul text explains a Korean keyboard, as a stated skill does).
func resumeLanguages(text string) map[string]bool {
	out := map[string]bool{}
	if text == "" {
		return out
	}
	start := -1
	word := func(end int) {
		if start >= 0 && end-start >= 4 {
			w := text[start:end]
			if code, ok := languageWord[strings.ToLower(w)]; ok {
				out[code] = true
			}
		}
		start = -1
	}
	for i, r := range text {
		if r < 0x80 {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
				if start < 0 {
					start = i
				}
				continue
			}
			word(i)
			continue
		}
		word(i)
		switch {
		case unicode.Is(unicode.Hangul, r):
			out["ko"] = true
		case unicode.Is(unicode.Han, r):
			out["zh"] = true
			out["ja"] = true
		case unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r):
			out["ja"] = true
		case unicode.Is(unicode.Cyrillic, r):
			out["ru"] = true
			out["uk"] = true
		}
	}
	word(len(text))
	return out
}

// splitTag reads "ko-KR", "ko_KR.UTF-8", "Korean (2-set)" or "com.apple.keylayout.US"
// into a language and a region.
func splitTag(t string) (lang, region string) {
	t = strings.TrimSpace(t)
	if i := strings.IndexByte(t, '.'); i > 0 && !strings.HasPrefix(t, "com.") {
		t = t[:i]
	}
	l := strings.ToLower(t)
	for code, ws := range languageNames {
		for _, w := range ws {
			if strings.Contains(l, w) {
				return code, ""
			}
		}
	}
	if len(t) == 2 && t[0] >= 'A' && t[0] <= 'Z' && t[1] >= 'A' && t[1] <= 'Z' {
		// A keyboard named by its country ("US", "KR", "DE").
		return regionLanguage[t], t
	}
	t = strings.ReplaceAll(t, "_", "-")
	parts := strings.Split(t, "-")
	lang = strings.ToLower(parts[0])
	if len(lang) != 2 && len(lang) != 3 {
		return "", ""
	}
	for _, p := range parts[1:] {
		if len(p) == 2 {
			region = strings.ToUpper(p)
		}
	}
	return lang, region
}

// localeSignals compares device locales, keyboard layouts and browser
// languages with the claimed country. Every language is treated alike: a
// language is explained by the claimed country, by English, or by the
// resume (stated or written in it), so that staff whose records say who
// they are — a Korean keyboard and Korean in the resume — read as
// consistent. The only region that is a signal in itself is North Korea.
func (s *pstate) localeSignals() {
	explained := resumeLanguages(s.p.ResumeText)
	explained["en"] = true
	for _, l := range countryLanguages[s.region] {
		explained[l] = true
	}
	var odd, kp []string
	seen := map[string]bool{}
	check := func(what, tag string) {
		lang, region := splitTag(tag)
		if region == "KP" {
			kp = append(kp, what+" "+tag)
		}
		if lang == "" || explained[lang] || seen[what+lang] {
			return
		}
		if region != "" && region == s.region {
			return
		}
		seen[what+lang] = true
		odd = append(odd, what+" "+tag)
	}
	for _, d := range s.p.Devices {
		if d.Locale != "" {
			check("device "+d.ID+" locale", d.Locale)
		}
		for _, k := range d.KeyboardLayouts {
			check("device "+d.ID+" keyboard", k)
		}
	}
	for _, l := range s.g.Languages {
		if l.N >= 3 {
			check("browser language", l.K)
		}
	}
	if len(kp) > 0 {
		s.add(Signal{Code: "locale_kp", Family: famDevice, Weight: 0.6, Source: srcLocale,
			Reason:   "a device or browser is set to the North Korean locale (ko-KP), which no ordinary system defaults to",
			Evidence: map[string]any{"settings": kp, "claimed_country": s.region}})
	}
	if len(odd) > 0 {
		sort.Strings(odd)
		s.add(Signal{Code: "locale_unexplained", Family: famDevice, Weight: 0.06, Source: srcLocale,
			Reason: fmt.Sprintf("device or browser language settings that neither the claimed country (%s) nor the resume account for: %s (weighs little; many people use other languages)",
				s.region, strings.Join(odd, "; ")),
			Evidence: map[string]any{"settings": odd, "claimed_country": s.region}})
	}
}
