"""Rendering shared by page and sheet: Markdown to HTML, the data the templates use, the template environment."""
