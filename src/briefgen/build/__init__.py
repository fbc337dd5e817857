"""The build: the outputs table, planning, input digests, the staged build and the writer."""
