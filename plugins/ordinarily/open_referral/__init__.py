"""Open Referral UK: the static feed written from the Local Offer (`oruk_export`), a
council's published feed turned into service files (`oruk_import`), and the web server settings
that serve the feed (`server_config`).

May import: `ordinarily.core`, `ordinarily.guide`, `ordinarily.local_offer`.
"""
