"""URLs of documents.exchange: `orga_patterns` under /orga/ (namespace orga), `public_patterns` at the site root
(namespace public). Collected by documents/urls.py."""

orga_patterns: list = []
public_patterns: list = []
