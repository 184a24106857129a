"""noticeboard: case files in, public-disclosure site and QR posters out."""

__version__ = "0.1.0"
