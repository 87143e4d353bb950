"""The composition layer: one pass that loads a council's project (`project`) and assembles
every capability's pages, data files, redirects and navigation; `output` writes them to a
folder for `ordinarily generate`, and `hand_written` finishes a council's own page the same way
for either route.

May import: the core and the capabilities (`guide`, `checker`, `local_offer`, `open_referral`,
`sitewide`); never the tools above it or a face.
"""
