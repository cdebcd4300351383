package lists

import "fmt"

// Supplement returns the built-in dataset less the entities the loaded
// official lists already hold (an entity is held when every dataset its
// SameAs names is loaded and has that ID). The built-in set then adds only
// what the official copies lack, such as designations newer than them,
// instead of raising a second alert for the same target.
func Supplement(builtin Dataset, loaded []Dataset) Dataset {
	ids := map[string]bool{}
	keys := map[string]bool{}
	for _, d := range loaded {
		keys[d.Source.Key] = true
		for i := range d.Entities {
			ids[d.Entities[i].ID] = true
		}
	}
	out := builtin
	out.Entities = nil
	held := 0
	for _, e := range builtin.Entities {
		covered := len(e.SameAs) > 0
		for _, id := range e.SameAs {
			if !ids[id] {
				covered = false
				break
			}
		}
		if covered {
			held++
			continue
		}
		out.Entities = append(out.Entities, e)
	}
	if held > 0 {
		out.Report.Notes = append(append([]string(nil), builtin.Report.Notes...),
			fmt.Sprintf("%d entities left out: the loaded official lists hold them", held))
	}
	return out
}
