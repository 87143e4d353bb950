"""Site-wide pages and settings: the council's hand-written pages (`page_files`), sections
switched on and off (`sections`), the accessibility statement and privacy notice
(`statement_pages`), the maintainers' guide (`maintainers_pages`), branding colours
(`branding`), the engine's defaults for the generator (`engine_settings`) and the content
security policy (`csp`).

May import: `ordinarily.core`, `ordinarily.guide`, `ordinarily.local_offer`.
"""
