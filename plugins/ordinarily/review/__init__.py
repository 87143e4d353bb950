"""Review and publishing: what changed between two versions in plain English (`content_diff`,
`changes`, `change_summary`, `diff_command`), the editions in git (`history`), the `/changes/`
and `/editions/` pages (`edition_pages`) and deploying the site, editions and previews
(`deployment`, `publish`).

May import: `ordinarily.assembly` and everything below it; never `checks`, `scaffold` or a face.
"""
