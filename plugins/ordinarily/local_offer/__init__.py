"""The Local Offer: services, organisations and "You said, we did" as a model, their pages
and the finder's index.

Needs served are the guide's needs, so this capability reads the guide's taxonomy.

May import: `ordinarily.core`, `ordinarily.guide`.
"""
