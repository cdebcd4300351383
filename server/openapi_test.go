package server

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
)

// apiDoc is the embedded OpenAPI document, decoded loosely: the checks
// below walk it as plain JSON.
type apiDoc struct {
	raw map[string]any
}

func loadDoc(t *testing.T) apiDoc {
	t.Helper()
	var d apiDoc
	if err := json.Unmarshal(openAPI, &d.raw); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return d
}

func (d apiDoc) resolve(ref string) (map[string]any, error) {
	p, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, fmt.Errorf("ref %q is not local", ref)
	}
	var cur any = d.raw
	for _, part := range strings.Split(p, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("ref %q: %q is not an object", ref, part)
		}
		if cur, ok = m[part]; !ok {
			return nil, fmt.Errorf("ref %q: no %q", ref, part)
		}
	}
	m, ok := cur.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("ref %q is not an object", ref)
	}
	return m, nil
}

// deref follows $ref until a schema, parameter or response without one.
func (d apiDoc) deref(m map[string]any) (map[string]any, error) {
	for range 10 {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, nil
		}
		var err error
		if m, err = d.resolve(ref); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("$ref loop")
}

// validate checks v against the structural parts of a schema: type,
// required, properties (unknown properties are errors, so that the document
// names every field the API sends), items, enum, bounds, oneOf and
// additionalProperties.
func (d apiDoc) validate(schema map[string]any, v any, at string) error {
	schema, err := d.deref(schema)
	if err != nil {
		return fmt.Errorf("%s: %v", at, err)
	}
	if alts, ok := schema["oneOf"].([]any); ok {
		var errs []string
		for _, a := range alts {
			e := d.validate(a.(map[string]any), v, at)
			if e == nil {
				return nil
			}
			errs = append(errs, e.Error())
		}
		return fmt.Errorf("%s: matches no alternative: %s", at, strings.Join(errs, "; "))
	}
	typ, _ := schema["type"].(string)
	switch typ {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: want an object, got %T", at, v)
		}
		for _, r := range asSlice(schema["required"]) {
			if _, ok := m[r.(string)]; !ok {
				return fmt.Errorf("%s: required %q missing", at, r)
			}
		}
		props, hasProps := schema["properties"].(map[string]any)
		addl, hasAddl := schema["additionalProperties"].(map[string]any)
		for k, fv := range m {
			if ps, ok := props[k].(map[string]any); ok {
				if err := d.validate(ps, fv, at+"."+k); err != nil {
					return err
				}
			} else if hasAddl {
				if err := d.validate(addl, fv, at+"."+k); err != nil {
					return err
				}
			} else if hasProps {
				return fmt.Errorf("%s: property %q is not documented", at, k)
			}
		}
	case "array":
		a, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: want an array, got %T", at, v)
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range a {
				if err := d.validate(items, x, at+"["+strconv.Itoa(i)+"]"); err != nil {
					return err
				}
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: want a string, got %T", at, v)
		}
	case "number", "integer":
		f, ok := v.(float64)
		if !ok {
			return fmt.Errorf("%s: want a number, got %T", at, v)
		}
		if typ == "integer" && f != math.Trunc(f) {
			return fmt.Errorf("%s: want an integer, got %v", at, f)
		}
		if mn, ok := schema["minimum"].(float64); ok && f < mn {
			return fmt.Errorf("%s: %v below minimum %v", at, f, mn)
		}
		if mx, ok := schema["maximum"].(float64); ok && f > mx {
			return fmt.Errorf("%s: %v above maximum %v", at, f, mx)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: want a boolean, got %T", at, v)
		}
	case "":
	default:
		return fmt.Errorf("%s: unknown schema type %q", at, typ)
	}
	if enum := asSlice(schema["enum"]); enum != nil && !slices.Contains(enum, v) {
		return fmt.Errorf("%s: %v not in %v", at, v, enum)
	}
	return nil
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func (d apiDoc) operations() map[string]map[string]any {
	out := map[string]map[string]any{}
	for path, item := range d.raw["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			if method == "parameters" {
				continue
			}
			out[strings.ToUpper(method)+" "+path] = op.(map[string]any)
		}
	}
	return out
}

func TestOpenAPIDocumentsEveryRouteAndNothingElse(t *testing.T) {
	d := loadDoc(t)
	ops := d.operations()
	srv := New(Config{})
	registered := map[string]bool{}
	for _, r := range srv.routes {
		if !r.API {
			continue
		}
		name := r.Method + " " + r.Path
		registered[name] = true
		op, ok := ops[name]
		if !ok {
			t.Errorf("route %s is not in openapi.json", name)
			continue
		}
		_, secured := op["security"]
		if r.Role == "" && !secured {
			t.Errorf("%s needs no key, but openapi.json does not say security: []", name)
		}
		if r.Role != "" {
			if secured {
				t.Errorf("%s needs a key, but openapi.json says it does not", name)
			}
			summary, _ := op["summary"].(string)
			if !strings.Contains(summary, "Role: "+string(r.Role)+".") {
				t.Errorf("%s: summary %q does not name its role %s", name, summary, r.Role)
			}
			resps := op["responses"].(map[string]any)
			if _, ok := resps["401"]; !ok {
				t.Errorf("%s: 401 not documented", name)
			}
			if _, ok := resps["403"]; !ok && r.Role != clearance.RoleScreen {
				t.Errorf("%s: 403 not documented", name)
			}
		}
	}
	for name := range ops {
		if !registered[name] {
			t.Errorf("openapi.json documents %s, which the server does not serve", name)
		}
	}
}

func TestOpenAPIExamplesFitTheirSchemas(t *testing.T) {
	d := loadDoc(t)
	n := 0
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				if _, err := d.resolve(ref); err != nil {
					t.Errorf("%s: %v", at, err)
				}
			}
			if ex, ok := x["example"]; ok {
				if schema, ok := x["schema"].(map[string]any); ok {
					n++
					if err := d.validate(schema, ex, at); err != nil {
						t.Errorf("example: %v", err)
					}
				}
			}
			for k, c := range x {
				walk(c, at+"/"+k)
			}
		case []any:
			for i, c := range x {
				walk(c, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(d.raw, "#")
	if n < 10 {
		t.Errorf("only %d examples checked", n)
	}
}

// TestOpenAPIDescribesWhatTheServerSends checks real answers of every
// JSON endpoint against the schema the document declares for their status.
func TestOpenAPIDescribesWhatTheServerSends(t *testing.T) {
	d := loadDoc(t)
	ops := d.operations()
	f := newFixture(t, Config{})
	check := func(method, pattern, path string, role clearance.Role, body any) []byte {
		t.Helper()
		status, data := f.do(method, path, role, body)
		op, ok := ops[method+" "+pattern]
		if !ok {
			t.Fatalf("%s %s not documented", method, pattern)
		}
		resp, ok := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
		if !ok {
			t.Errorf("%s %s answered %d, which is not documented", method, path, status)
			return data
		}
		resp, _ = d.deref(resp)
		content, _ := resp["content"].(map[string]any)
		js, ok := content["application/json"].(map[string]any)
		if !ok {
			return data
		}
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			t.Errorf("%s %s: %v", method, path, err)
			return data
		}
		if err := d.validate(js["schema"].(map[string]any), v, method+" "+path); err != nil {
			t.Errorf("%d: %v\n%s", status, err, data)
		}
		return data
	}
	check("GET", "/healthz", "/healthz", "", nil)
	check("GET", "/readyz", "/readyz", "", nil)
	check("POST", "/v1/screen", "/v1/screen", clearance.RoleScreen, `{"name":"Park Jin Hyok","dob":"1984"}`)
	check("POST", "/v1/screen", "/v1/screen", clearance.RoleScreen, `{"wallet":"0x52908400098527886E0F7030069857D2E4169EE7"}`)
	check("POST", "/v1/screen", "/v1/screen", clearance.RoleScreen, `{}`)
	check("POST", "/v1/screen", "/v1/screen", clearance.RoleScreen, `{"name":"Park Jin Hyok","date_of_birth":"1984"}`)
	check("POST", "/v1/screen", "/v1/screen", clearance.RoleScreen, `{"name":"`+strings.Repeat("x", clearance.MaxNameLen+1)+`"}`)
	check("POST", "/v1/screen/batch", "/v1/screen/batch", clearance.RoleScreen, `[{"name":"Kim Sang Man","sex":"M"}]`)
	check("POST", "/v1/subjects", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"r0","query":{"name":"Kim Sang Man","nationality":"KP"}}`)
	check("POST", "/v1/screen", "/v1/screen", "", `{}`)
	check("POST", "/v1/screen/batch", "/v1/screen/batch", clearance.RoleScreen, `[{"name":"Kim Sang Man"},{}]`)
	check("GET", "/v1/entities/{id}", "/v1/entities/test_list:1", clearance.RoleScreen, nil)
	check("GET", "/v1/entities/{id}", "/v1/entities/clearance_dprk:kim-sang-man", clearance.RoleScreen, nil)
	check("GET", "/v1/entities/{id}", "/v1/entities/nope", clearance.RoleScreen, nil)
	check("GET", "/v1/sources", "/v1/sources", clearance.RoleScreen, nil)
	var created subjectScreened
	json.Unmarshal(check("POST", "/v1/subjects", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"r1","query":{"name":"Chosun Expo Joint Venture"}}`), &created)
	check("POST", "/v1/subjects", "/v1/subjects", clearance.RoleAnalyst, `{"ref":"r1","query":{"name":"x"}}`)
	check("POST", "/v1/subjects", "/v1/subjects", clearance.RoleScreen, `{"ref":"r2","query":{"name":"x"}}`)
	id := created.Subject.ID
	check("GET", "/v1/subjects", "/v1/subjects", clearance.RoleAnalyst, nil)
	check("GET", "/v1/subjects/{id}", "/v1/subjects/"+id, clearance.RoleAnalyst, nil)
	check("PUT", "/v1/subjects/{id}", "/v1/subjects/"+id, clearance.RoleAnalyst, `{"ref":"r1","query":{"name":"Chosun Expo"}}`)
	check("POST", "/v1/subjects/{id}/screen", "/v1/subjects/"+id+"/screen", clearance.RoleAnalyst, nil)
	var scs page[clearance.Screening]
	json.Unmarshal(check("GET", "/v1/subjects/{id}/screenings", "/v1/subjects/"+id+"/screenings", clearance.RoleAnalyst, nil), &scs)
	check("GET", "/v1/screenings/{id}", "/v1/screenings/"+scs.Items[0].ID, clearance.RoleAnalyst, nil)
	var alerts page[clearance.Alert]
	json.Unmarshal(check("GET", "/v1/alerts", "/v1/alerts?status=open", clearance.RoleAnalyst, nil), &alerts)
	if len(alerts.Items) == 0 {
		t.Fatal("no alert opened")
	}
	aid := alerts.Items[0].ID
	check("GET", "/v1/alerts/{id}", "/v1/alerts/"+aid, clearance.RoleAnalyst, nil)
	check("POST", "/v1/alerts/{id}/decision", "/v1/alerts/"+aid+"/decision", clearance.RoleAnalyst, `{"status":"true_match","reason":" "}`)
	check("POST", "/v1/alerts/{id}/decision", "/v1/alerts/"+aid+"/decision", clearance.RoleAnalyst, `{"status":"true_match","reason":"same","comment":"x"}`)
	check("POST", "/v1/alerts/{id}/decision", "/v1/alerts/"+aid+"/decision", clearance.RoleAnalyst, `{"status":"true_match","reason":"same"}`)
	check("GET", "/v1/audit/verify", "/v1/audit/verify", clearance.RoleAdmin, nil)
	check("POST", "/v1/lists/refresh", "/v1/lists/refresh", clearance.RoleAdmin, nil)
	var key keyCreated
	json.Unmarshal(check("POST", "/v1/keys", "/v1/keys", clearance.RoleAdmin, `{"name":"x","role":"screen","roles":"x"}`), &key)
	check("POST", "/v1/keys", "/v1/keys", clearance.RoleAdmin, `{"role":"root"}`)
	check("DELETE", "/v1/keys/{id}", "/v1/keys/"+key.Key.ID, clearance.RoleAdmin, nil)
	check("DELETE", "/v1/keys/{id}", "/v1/keys/"+key.Key.ID, clearance.RoleAdmin, nil)
	check("GET", "/v1/keys", "/v1/keys", clearance.RoleAdmin, nil)
	check("DELETE", "/v1/subjects/{id}", "/v1/subjects/"+id, clearance.RoleAnalyst, nil)
	check("GET", "/v1/subjects/{id}", "/v1/subjects/"+id, clearance.RoleAnalyst, nil)
	if status, _ := f.do("GET", "/openapi.json", "", nil); status != http.StatusOK {
		t.Errorf("openapi.json: %d", status)
	}
}
