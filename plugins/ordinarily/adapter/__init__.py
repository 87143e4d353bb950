"""The MkDocs adapter: the only code that imports MkDocs or Material.

`plugin` hands the core's pages, redirects and data files to MkDocs, `mkdocs_config` applies the
engine's defaults to the MkDocs configuration, and `mkdocs_offpages` renders the Local Offer's
many service pages outside MkDocs' page pipeline.

May import: anything in the engine except the command line.
"""
