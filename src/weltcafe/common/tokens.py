"""Unguessable tokens for links that stand in for a login (participant links, wall links)."""

import secrets

# 32 random bytes → 43 URL-safe characters: far beyond guessing, short enough for a QR code.
TOKEN_BYTES = 32


def new_access_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)
