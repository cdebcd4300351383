package names

import "strings"

// Syllabic languages. Korean and Chinese names are made of syllables, each
// a morpheme: two different syllables a letter apart (Myung, Yong; Ying,
// Qing) are other names, not typos, and a romanisation rule of one
// language (Korean drops an initial l before i: 리 is Ri, Li or Yi) makes
// two different syllables of the other one (Chinese Liu and Yu, Li and Yi
// are other surnames).
const (
	ShapeKorean uint8 = 1 << iota
	ShapeChinese
)

// SyllableShape says which syllabic languages a word is spelled like: one
// syllable, or two written as one word (Minjun, Zhiying), of Korean in
// some romanisation or of Mandarin pinyin; 0 for neither.
func SyllableShape(t string) uint8 {
	var s uint8
	if syllables(t, KoreanSyllable) > 0 {
		s |= ShapeKorean
	}
	if syllables(t, PinyinSyllable) > 0 {
		s |= ShapeChinese
	}
	return s
}

// NameShape is the syllabic languages a person's name is spelled like: a
// name of two to four words whose every distinctive word is a syllable or
// two of the language (SyllableShape), with a surname of the language
// (one borne by 1 in 1,000 or more, by the surname tables) first or last.
// Gim Young-soo is Korean, Wang Zhiying Chinese, Yang Liu both, Hala
// Banking neither.
func NameShape(ts []Token) uint8 {
	s := ShapeKorean | ShapeChinese
	first, last, n := -1, -1, 0
	for i := range ts {
		t := &ts[i]
		if t.Noise {
			continue
		}
		if t.Alts != nil {
			return 0 // typed in Hangul: handled by its own rules
		}
		if s &= SyllableShape(t.Text); s == 0 {
			return 0
		}
		if first < 0 {
			first = i
		}
		last = i
		n++
	}
	if n < 2 || n > 4 {
		return 0
	}
	surname := func(pop int) bool {
		return PartShare(ts[first], pop) >= surnameShare || PartShare(ts[last], pop) >= surnameShare
	}
	if s&ShapeKorean != 0 && !surname(PopKorean) {
		s &^= ShapeKorean
	}
	if s&ShapeChinese != 0 && !surname(PopChinese) {
		s &^= ShapeChinese
	}
	return s
}

// surnameShare is how common a word must be as a surname of a population
// for a name to be taken as that population's.
const surnameShare = 1e-3

// syllables is how many syllables (1 or 2) t splits into by is, or 0.
func syllables(t string, is func(string) bool) int {
	if is(t) {
		return 1
	}
	for i := 1; i < len(t); i++ {
		if is(t[:i]) && is(t[i:]) {
			return 2
		}
	}
	return 0
}

// OtherSyllables reports whether a and b, two words spelled like syllables
// of a language in shape (one or two each, as many on both sides), are
// other syllables of it rather than one syllable misspelt or spelled by
// another system: two pinyin spellings that differ (pinyin spells each
// syllable one way; Wade-Giles drops the aspiration pinyin writes as
// b/p, d/t, g/k, z/c, zh/ch, j/q, so those count as the same), or two
// Korean spellings that differ in a way no romanisation spells one
// syllable (their keys differ, leaving aside an initial h, which Korean
// speakers soften and lists drop or add: Young, Hyong).
func OtherSyllables(a, b string, shape uint8) bool {
	if a == b {
		return false
	}
	if shape&ShapeChinese != 0 {
		na, nb := syllables(a, PinyinSyllable), syllables(b, PinyinSyllable)
		if na > 0 && nb > 0 && (na != nb || !aspirationPair(a, b)) {
			return true
		}
	}
	if shape&ShapeKorean != 0 {
		na, nb := syllables(a, KoreanSyllable), syllables(b, KoreanSyllable)
		if na > 0 && na == nb && !sameKorean(a, b) || twoKorean(a) && KoreanSyllable(b) || twoKorean(b) && KoreanSyllable(a) {
			return true
		}
	}
	return false
}

// twoKorean reports whether t is plainly two Korean syllables, each of two
// letters or more with a vowel (Mi-young), not one syllable spelled
// informally that the letters also split (Woo as Wo-o, Ryohng as Ry-ohng).
func twoKorean(t string) bool {
	if KoreanSyllable(t) {
		return false
	}
	for i := 2; i+2 <= len(t); i++ {
		if KoreanSyllable(t[:i]) && KoreanSyllable(t[i:]) && strings.ContainsAny(t[:i], "aeiou") && strings.ContainsAny(t[i:], "aeiou") {
			return true
		}
	}
	return false
}

// sameKorean reports whether two spellings of Korean syllables may be one
// syllable by another romanisation.
func sameKorean(a, b string) bool {
	return a == b || Key(strings.TrimPrefix(a, "h")) == Key(strings.TrimPrefix(b, "h"))
}

// OtherJoin reports whether whole, a word spelled like syllables of a
// language in shape, is other syllables than a and b written apart (its
// join with them met only loosely): Jonghoon is not Jong Chon, Hye Ok not
// Hyok, but Sangman is Sang Man and Yongsu Yong Su.
func OtherJoin(whole, a, b string, shape uint8) bool {
	if shape&ShapeKorean != 0 && KoreanSyllable(a) && KoreanSyllable(b) && syllables(whole, KoreanSyllable) > 0 &&
		!splitsAs(whole, a, b, KoreanSyllable, sameKorean) {
		return true
	}
	if shape&ShapeChinese != 0 && PinyinSyllable(a) && PinyinSyllable(b) && syllables(whole, PinyinSyllable) > 0 &&
		!splitsAs(whole, a, b, PinyinSyllable, func(x, y string) bool { return x == y || aspirationPair(x, y) }) {
		return true
	}
	return false
}

// splitsAs reports whether whole splits into two syllables (by is) that
// are a and b (by same).
func splitsAs(whole, a, b string, is func(string) bool, same func(x, y string) bool) bool {
	for i := 1; i < len(whole); i++ {
		if is(whole[:i]) && is(whole[i:]) && same(whole[:i], a) && same(whole[i:], b) {
			return true
		}
	}
	return false
}

// aspirationPair reports whether a and b differ only in their first
// consonant, by aspiration as Wade-Giles leaves it unmarked (Chang for
// Zhang, Teng for Deng, Kuo for Guo).
func aspirationPair(a, b string) bool {
	if a == b {
		return true
	}
	ia, ib := pinyinInitial(a), pinyinInitial(b)
	if a[len(ia):] != b[len(ib):] {
		return false
	}
	class := func(i string) int {
		switch i {
		case "b", "p":
			return 1
		case "d", "t":
			return 2
		case "g", "k":
			return 3
		case "z", "c":
			return 4
		case "zh", "ch", "j", "q":
			return 5
		case "x", "s":
			return 6 // Si for Xi, in the older and the Cantonese spellings
		}
		return 0
	}
	return class(ia) != 0 && class(ia) == class(ib)
}

// pinyinInitial is the initial consonant of a pinyin syllable, "" for none.
func pinyinInitial(t string) string {
	for _, in := range pinyinInitials {
		if in != "" && len(t) > len(in) && t[:len(in)] == in {
			return in
		}
	}
	return ""
}

// pinyinTable holds every syllable of Mandarin in pinyin without tones
// (ü written v): the strict test of a Chinese-shaped word, where the
// shape of initial + final (pinyinSyllable) lets through spellings no
// Chinese name has (Shin, Seong as Se-ong).
var pinyinTable = func() map[uint64]struct{} {
	m := map[uint64]struct{}{}
	for _, s := range strings.Fields(`
a ai an ang ao e ei en eng er o ou
ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu
pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu
ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu
fa fan fang fei fen feng fo fou fu
da dai dan dang dao de dei den deng di dian diao die ding diu dong dou du duan dui dun duo
ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo
na nai nan nang nao ne nei nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve
la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve
ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo
ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo
ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo
ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun
qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun
xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun
zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo
cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo
sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo
ra ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo
za zai zan zang zao ze zei zen zeng zi zong zou zu zuan zui zun zuo
ca cai can cang cao ce cen ceng ci cong cou cu cuan cui cun cuo
sa sai san sang sao se sen seng si song sou su suan sui sun suo
ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun
wa wai wan wang wei wen weng wo wu`) {
		k, _ := shortWord(s)
		m[k] = struct{}{}
	}
	return m
}()

// PinyinSyllable reports whether t is a syllable of Mandarin in pinyin.
func PinyinSyllable(t string) bool {
	k, ok := shortWord(t)
	if !ok {
		return false
	}
	_, in := pinyinTable[k]
	return in
}

// shortWord packs a word of one to seven bytes, with its length, into one
// integer, so that the syllable sets, asked about every split of every
// word of every query, are looked up without hashing a string.
func shortWord(t string) (uint64, bool) {
	if len(t) == 0 || len(t) > 7 {
		return 0, false
	}
	k := uint64(len(t)) << 56
	for i := 0; i < len(t); i++ {
		k |= uint64(t[i]) << (8 * i)
	}
	return k, true
}
