"""Reading and checking sources: the YAML reader, loading, evidence, collation and the register.

Everything that opens a source or a capture is here; every failure becomes a located Problem.
"""
