"""The rules over the model, and the findings they make (``noticeboard check``)."""
