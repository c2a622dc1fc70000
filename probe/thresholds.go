package probe

// Thresholds from the upgrade guides and the maintenance guide.
const (
	// v2Slow is the v2 data size above which a restarted member may need
	// about two minutes to catch up (upgrade guides 2.1 to 3.5).
	v2Slow = 50_000_000
	// v2Large is the v2 data size at which the guides say to seek advice.
	v2Large = 100_000_000
	// defaultQuota is etcd's default --quota-backend-bytes (2 GiB).
	defaultQuota = 2 << 30
	// quotaShare is the share of the quota above which the db is "close".
	quotaShare = 0.8
	// unusedShare and unusedMin say when a db has enough free pages for
	// a defragmentation to be worth it before the upgrade.
	unusedShare = 0.5
	unusedMin   = 32 << 20
)
