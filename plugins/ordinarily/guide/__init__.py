"""The Ordinarily Available Provision guide: its model, loader and pages.

The taxonomy, needs, universal expectations, APDR and glossary are loaded and cross-checked
(`loader`) into one model (`model`) and rendered as the guide's pages (`pages`); `glossary_links`
links the first use of each glossary term on a built page.

May import: `ordinarily.core`.
"""
