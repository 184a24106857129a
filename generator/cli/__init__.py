"""The ``noticeboard`` command line."""
