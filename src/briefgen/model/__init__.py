"""What a declaration is: the source's pydantic models, and the pure rules that follow from them.

No module here opens a file or imports a renderer: `source` validates what a YAML source holds,
`declaration` derives editions, blocks and citations from it, `brief` resolves a brief's
citations, `compare` measures how texts differ.
"""
