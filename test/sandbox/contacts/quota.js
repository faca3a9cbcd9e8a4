'use strict';
// The Contacts API's two limits: a burst window (100 requests per 10 s) and a daily quota
// (200,000 requests per day), both per app per location (contacts-api.md, "Rate limits").
// The shared RateLimiter only reports the daily headers; this one enforces the quota too:
// once a day is spent every request answers 429 with X-RateLimit-Daily-Remaining: 0 and a
// Retry-After counting the seconds to the next UTC midnight, even while the burst window
// still has room.
const { RateLimiter } = require('../core');

const DAY_MS = 86_400_000;

class QuotaRateLimiter extends RateLimiter {
	configure(options) {
		super.configure(options);
		if (options.daily !== undefined) this.dayCounts.clear();
	}

	check(key, now = Date.now()) {
		const spent = this.dayCounts.get(key) || 0;
		if (this.enabled && spent >= this.daily) {
			const hits = (this.windows.get(key) || []).filter((t) => now - t < this.intervalMs);
			const resetMs = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
			return {
				allowed: false,
				headers: {
					'X-RateLimit-Max': String(this.max),
					'X-RateLimit-Remaining': String(Math.max(0, this.max - hits.length)),
					'X-RateLimit-Interval-Milliseconds': String(this.intervalMs),
					'X-RateLimit-Limit-Daily': String(this.daily),
					'X-RateLimit-Daily-Remaining': '0',
					'Retry-After': String(Math.ceil((resetMs - now) / 1000)),
				},
			};
		}
		return super.check(key, now);
	}
}

module.exports = { QuotaRateLimiter };
