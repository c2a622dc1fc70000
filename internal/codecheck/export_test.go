package codecheck

// UnifiedDiff exposes unifiedDiff to the external tests.
var UnifiedDiff = unifiedDiff
