"""The Content-Security-Policy header, and templates that keep it possible (no inline script, style or handler)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

import weltcafe

TEMPLATES = Path(weltcafe.__file__).parent / "templates"
POLICY = (
    "default-src 'self'; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'"
)
# What a strict policy refuses: <style> blocks, style="…" attributes, on…= handlers, <script> without src.
INLINE = re.compile(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=|<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.mark.integration
def test_csp_header_is_strict_on_a_public_page(client, db):
    response = client.get(reverse("home"))

    assert "; ".join(sorted(response["Content-Security-Policy"].split("; "))) == "; ".join(sorted(POLICY.split("; ")))


@pytest.mark.unit
def test_csp_templates_have_no_inline_script_style_or_handler():
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]

    assert found == []
