// Package embed mirrors the API of go.etcd.io/etcd/server/v3/embed v3.5.35 for etcdlint's analyzer tests:
// only the declarations the tests use are kept, with their real signatures.
package embed

import (
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// Config holds the arguments for configuring an etcd server.
type Config struct {
	Name                                string
	EnableV2                            bool
	ExperimentalCompactHashCheckEnabled bool
	ExperimentalInitialCorruptCheck     bool
	LogLevel                            string
	ElectionMs                          uint
	TickMs                              uint
}

// ElectionTicks returns the election timeout in ticks.
func (cfg Config) ElectionTicks() int { return int(cfg.ElectionMs / cfg.TickMs) }

// IsNewCluster reports whether the initial cluster state is "new".
func (cfg Config) IsNewCluster() bool { return true }

// NewConfig creates a new Config populated with default values.
func NewConfig() *Config { return &Config{} }

// NewZapLoggerBuilder generates a zap logger builder that sets given logger
// for embedded etcd.
func NewZapLoggerBuilder(lg *zap.Logger) func(*Config) error { return nil }

// NewZapCoreLoggerBuilder - is a deprecated setter for the logger.
func NewZapCoreLoggerBuilder(lg *zap.Logger, _ zapcore.Core, _ zapcore.WriteSyncer) func(*Config) error {
	return nil
}
