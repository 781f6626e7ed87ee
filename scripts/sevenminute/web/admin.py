"""The web editor's page, /admin/ of every site: Decap CMS, self-hosted.

The page only loads the editor: its script and the `yaml` library are vendored in the theme's
admin/ folder (overrides/admin/, copied as they are), together with the configuration that
`sevenminute cms` generates and the script that reads and writes the project's YAML. Nothing is
loaded from another origin; in use, the editor talks only to the repository's host (GitHub)."""

from __future__ import annotations

from html import escape

ADMIN_PATH = "admin/index.html"


def admin_page(site_name: str, language: str) -> bytes:
    title = escape(f"Edit briefings: {site_name}")
    return f"""<!doctype html>
<html lang="{escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="icon" href="../assets/images/favicon.svg">
<link rel="stylesheet" href="admin.css">
</head>
<body>
<noscript><p>The briefing editor needs JavaScript. You can also edit the YAML files in the
repository, as the authoring guide describes.</p></noscript>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="decap/decap-cms.js"></script>
<script type="module" src="admin.js"></script>
</body>
</html>
""".encode()
