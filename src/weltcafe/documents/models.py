"""Models of the documents app: the editable event report (documents/report/)."""
