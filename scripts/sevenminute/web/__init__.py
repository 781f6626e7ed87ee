"""The web site: briefing pages, the catalogue pages, the feeds, the page-body cache."""
