"""Editing through web forms (issue 28): the Decap CMS configuration generated from the JSON
Schemas and the loaded project's taxonomy (`cms_config`, `schema_fields`, `collections`), and
the `/admin/` page that loads the vendored CMS.

May import: `ordinarily.assembly` and everything below it; never `review`, `checks`,
`scaffold` or a face. Only the faces (the cli and the adapter) import it.
"""
