"""What Weltcafé produces from an event: the print kit (PDF), the report (HTML, PDF, Markdown, DOCX), calendar
files and feeds, announcements, and the data export and import. See docs/documents.md.
"""
