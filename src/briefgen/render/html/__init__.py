"""HTML: Jinja templates and stylesheets; also the pages WeasyPrint lays out as PDF."""
