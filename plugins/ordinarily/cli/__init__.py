"""The command line: the `ordinarily` command and its sub-commands.

May import: anything in the engine except the MkDocs adapter; never MkDocs or Material.
"""
