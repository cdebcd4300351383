package hire

// PersonRecord returns the record of a person added so far (the one in
// use when a person was given more than once), or nil: for drawing a
// person's page beside their assessment.
func (a *Assessor) PersonRecord(id string) *Person {
	if e := a.entries[id]; e != nil {
		return e.person
	}
	return nil
}
