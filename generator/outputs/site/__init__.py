"""The public marketing site: pages as data, the MkDocs plugin, brand CSS."""
