package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/client"
)

// Screen a payee before paying, and hold the payment on an alert.
func Example() {
	c := client.New("http://127.0.0.1:8080", os.Getenv("CLEARANCE_API_KEY"))
	res, err := c.Screen(context.Background(), clearance.Query{Name: "Park Jin Hyok", DOB: "1984", Country: "KP"}, client.ScreenOptions{})
	switch {
	case errors.Is(err, client.ErrUnauthorized):
		log.Fatal("set $CLEARANCE_API_KEY to a key from 'clearance keys create --role screen'")
	case err != nil:
		log.Fatal(err)
	case res.Alert:
		m := res.Matches[0]
		fmt.Printf("hold: %s %.2f %s (screening %s)\n", m.EntityID, m.Score, m.Name, res.ScreeningID)
	}
}
