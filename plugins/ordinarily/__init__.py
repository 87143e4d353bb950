"""Ordinarily: a council's SEND guidance (Ordinarily Available Provision and the Local Offer) as
a fast, accessible, co-produced website. The core (loading, validation, model, pages, exports)
never imports MkDocs; `plugin.py` is the MkDocs adapter."""
