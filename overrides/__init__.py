# The toolkit's theme, installed as the package sevenminute.theme (see pyproject.toml): found with
# importlib.resources in an editable install and in the wheel. MkDocs never copies .py files.
