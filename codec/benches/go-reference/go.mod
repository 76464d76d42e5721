module wfpack.dev/go-reference

go 1.19
