"""The shared core: what every capability stands on.

Reading YAML with line numbers (`yamlfile`), problems that name a file, line and field
(`problems`), the published JSON Schemas (`schemas`), the council's settings (`settings`,
`colours`), safe Markdown rendering (`safe_markdown`), the page records and Jinja environments
every generated page is made with (`rendering`), where the engine's own files are
(`engine_files`) and a helper for work done in a second process (`forked`).

May import: nothing else in the engine, and never MkDocs or Material.
"""
