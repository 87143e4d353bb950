"""Content checks over a loaded project (`ordinarily check-content`): spelling, reading ease,
abbreviations and review dates, each reporting findings with a file and line.

May import: `ordinarily.assembly` and everything below it; never `review`, `scaffold` or a face.
"""
