"""Pages through MkDocs, the search index, and the build that writes the site."""
