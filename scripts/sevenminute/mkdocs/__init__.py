"""The MkDocs adapter: the only module that imports MkDocs; MkDocs loads it through the `mkdocs.plugins` entry point."""
