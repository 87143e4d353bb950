"""Starting a council's site (`ordinarily new-area`) and adding content files to it
(`ordinarily new`), from the engine's scaffold templates, with edits that keep a file's comments.

May import: `ordinarily.assembly` and everything below it; never `checks`, `review` or a face.
"""
