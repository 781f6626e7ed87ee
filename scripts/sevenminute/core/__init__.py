"""The core: the briefing model, reading YAML, validation, diagnostics and the collection. Plain Python: no MkDocs, no WeasyPrint, no Jinja."""
