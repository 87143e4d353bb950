"""Support plan drafts (`/plans/`): the plan templates a council keeps in `plans/*.yml`
(`plans_model`, `plans_loader`), their pages, which work without JavaScript as printable blank
templates with the guide's prompts (`plans_pages`), and the data the plan editor reads: each
template as JSON and `/plans/guide.json` (`plans_data`).

May import: `ordinarily.core`, `ordinarily.guide`. Nothing below `assembly` imports it.
"""
