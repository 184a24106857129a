"""The words printed on posters (residents read them on the wall; clerks see them in the editor's preview)."""

# drawn by posters/draw.py
# a label before its text: the body's, a fact's, the warnings box's, the contact's, progress's
LABELLED = "{label}："
PRINTED_VERSION = "{printed}　版本 {version}"  # the date of what the poster says, its version mark
PDF_TITLE = "{heading}：{title}"  # the PDF's title, shown by a PDF reader
