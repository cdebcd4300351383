package hire

import "strings"

// remoteTools are remote-desktop and RMM products, by the words their
// names are written with in software inventories. The sources find them on
// nearly every laptop-farm machine [DOJ-KNOOT, DOJ-JAN25-KAI, MAND-XY, U42].
var remoteTools = []struct{ word, name string }{
	{"anydesk", "AnyDesk"},
	{"teamviewer", "TeamViewer"},
	{"chrome remote desktop", "Chrome Remote Desktop"},
	{"remote desktop host", "Chrome Remote Desktop"},
	{"chromoting", "Chrome Remote Desktop"},
	{"rustdesk", "RustDesk"},
	{"splashtop", "Splashtop"},
	{"parsec", "Parsec"},
	{"realvnc", "VNC"},
	{"tightvnc", "VNC"},
	{"ultravnc", "VNC"},
	{"tigervnc", "VNC"},
	{"vnc server", "VNC"},
	{"vnc viewer", "VNC"},
	{"logmein", "LogMeIn"},
	{"gotomypc", "GoToMyPC"},
	{"goto resolve", "GoTo Resolve"},
	{"screenconnect", "ScreenConnect"},
	{"connectwise control", "ScreenConnect"},
	{"atera", "Atera"},
	{"ninjarmm", "NinjaOne"},
	{"ninjaone", "NinjaOne"},
	{"meshcentral", "MeshCentral"},
	{"meshagent", "MeshCentral"},
	{"tactical rmm", "Tactical RMM"},
	{"tacticalrmm", "Tactical RMM"},
	{"netsupport", "NetSupport"},
	{"ammyy", "Ammyy Admin"},
	{"aeroadmin", "AeroAdmin"},
	{"supremo", "Supremo"},
	{"remotepc", "RemotePC"},
	{"zoho assist", "Zoho Assist"},
	{"dwservice", "DWService"},
	{"dwagent", "DWService"},
	{"beyondtrust", "BeyondTrust"},
	{"bomgar", "BeyondTrust"},
	{"kaseya", "Kaseya"},
	{"remote utilities", "Remote Utilities"},
	{"nomachine", "NoMachine"},
	{"x2go", "X2Go"},
	{"getscreen", "Getscreen"},
	{"level.io", "Level"},
	{"hoptodesk", "HopToDesk"},
	{"action1", "Action1"},
	{"dameware", "DameWare"},
	{"radmin", "Radmin"},
}

// remoteTool names the remote-control product a software entry or an
// event's app is, or "".
func remoteTool(s string) string {
	l := strings.ToLower(s)
	for _, t := range remoteTools {
		if strings.Contains(l, t.word) {
			return t.name
		}
	}
	return ""
}

// ipKVMs are IP-KVM devices, by USB vendor:product id and by name. An
// IP-KVM lets someone elsewhere drive a laptop as if at its keyboard; the
// June 2025 laptop farms used them and PiKVM-class devices are the
// reference case [DOJ-JUN25, KUBOID, MAND-XY].
var ipKVMs = []struct{ word, name string }{
	{"pikvm", "PiKVM"},
	{"pi-kvm", "PiKVM"},
	{"tinypilot", "TinyPilot"},
	{"jetkvm", "JetKVM"},
	{"nanokvm", "Sipeed NanoKVM"},
	{"blikvm", "BliKVM"},
	{"glkvm", "GL.iNet KVM"},
	{"gl.inet comet", "GL.iNet KVM"},
	{"kvm over ip", "IP-KVM"},
	{"ip-kvm", "IP-KVM"},
	{"ipkvm", "IP-KVM"},
	{"kvm-over-ip", "IP-KVM"},
	{"lantronix spider", "Lantronix Spider"},
	{"raritan dominion", "Raritan Dominion KX"},
	// The USB gadget ids these devices present to the host: the Linux
	// Foundation "Multifunction Composite Gadget" (PiKVM, TinyPilot,
	// NanoKVM and JetKVM default to it), and the ids the projects register.
	{"1d6b:0104", "IP-KVM (Linux composite gadget 1d6b:0104)"},
	{"1209:eda3", "PiKVM"},
	{"2e8a:0107", "IP-KVM"},
	{"3346:1009", "Sipeed NanoKVM"},
}

// ipKVM names the IP-KVM a USB entry is, or "". Ids match however the
// inventory writes them: "1d6b:0104", "0x1d6b 0x0104", or as separate
// vendor and product fields.
func ipKVM(s string) string {
	l := strings.ToLower(s)
	for _, k := range ipKVMs {
		if strings.Contains(l, k.word) {
			return k.name
		}
		if v, p, ok := strings.Cut(k.word, ":"); ok && len(v) == 4 && len(p) == 4 && hasWord(l, v) && hasWord(l, p) {
			return k.name
		}
	}
	return ""
}

// hasWord says whether w occurs in s not inside a longer run of hex digits.
func hasWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || !isHex(s[j-1]) || j >= 2 && s[j-2:j] == "0x"
		after := j+len(w) == len(s) || !isHex(s[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }

// itWords mark job titles whose work needs remote-control tools (help
// desk, system administration), so that their tools weigh little.
var itWords = []string{"it ", "help desk", "helpdesk", "service desk", "desktop support", "it support",
	"support engineer", "support technician", "technical support", "sysadmin", "system administrator",
	"systems administrator", "systems engineer", "it administrator", "it technician", "it specialist",
	"it manager", "infrastructure", "network engineer", "network administrator", "endpoint", "msp",
	"field technician", "it operations", "noc ", "site reliability",
	// end-user computing and workplace technology teams run the help
	// desk's tools under other names
	"end-user computing", "end user computing", "euc ", "workplace technology", "workplace engineer",
	"client platform", "desktop engineer", "it asset", "service delivery"}

// itStaff says whether a title is IT support or administration.
func itStaff(title string) bool {
	t := " " + strings.ToLower(title) + " "
	return containsAny(t, itWords)
}
