"""PDF through WeasyPrint: layout, long documents in pieces, joining and archival finishing."""
