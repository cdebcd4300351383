module github.com/clearance-screening/clearance

go 1.26
