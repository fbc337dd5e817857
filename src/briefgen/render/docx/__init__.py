"""DOCX through python-docx: one writer over the WordprocessingML helpers and reference document."""
