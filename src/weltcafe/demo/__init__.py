"""The demo network meeting: content (content.py) and how it is put into the database (loading.py)."""
