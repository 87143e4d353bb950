"""The quick needs checker: its page, its navigation entry and the data the browser ranks.

May import: `ordinarily.core`, `ordinarily.guide`.
"""
