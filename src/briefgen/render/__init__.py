"""The renderers, one folder per format, and what they share (context.py: the Context and the
build stamp). Which function renders which kind of output in which format is outputs.py's
table."""
