"""The HTML report of an analysis: `render` writes the pages, `views` builds
what each page displays, `highlight` and `passages` prepare the text. The
Jinja2 templates live in ``reports/templates/``. Views lay out the result;
they never compute a match or a score."""
