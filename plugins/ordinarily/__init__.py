"""Ordinarily: a council's SEND guidance (Ordinarily Available Provision and the Local Offer) as
a fast, accessible, co-produced website.

The engine is in folders by capability and layer, each import pointing down (checked by
import-linter, see `[tool.importlinter]` in pyproject.toml and docs/architecture.md):

    adapter | cli                      the two faces: MkDocs adapter, command line
    review | checks | scaffold         tools that work on a whole loaded project
    assembly                           the one-pass build over every capability
    sitewide | open_referral | checker     capabilities
    local_offer
    guide
    core                               YAML with lines, problems, schemas, settings, rendering

`schemas/`, `templates/` and `theme/` hold the engine's files; their paths are contracts.
"""
