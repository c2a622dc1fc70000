module github.com/etcdlint/etcdlint/golangci

go 1.26.0

require (
	github.com/etcdlint/etcdlint v0.0.0-00010101000000-000000000000
	github.com/golangci/plugin-module-register v0.1.2
	golang.org/x/tools v0.52.0
)

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
)

// For development: the plugin builds against the etcdlint source beside it.
replace github.com/etcdlint/etcdlint => ../
