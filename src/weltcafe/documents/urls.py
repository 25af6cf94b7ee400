"""The documents app's URLs, collected from its parts and mounted by config/urls.py."""

from weltcafe.documents.announce import urls as announce
from weltcafe.documents.exchange import urls as exchange
from weltcafe.documents.print_kit import urls as print_kit
from weltcafe.documents.report import urls as report

orga_patterns = [*print_kit.orga_patterns, *report.orga_patterns, *exchange.orga_patterns, *announce.orga_patterns]
public_patterns = [
    *print_kit.public_patterns,
    *report.public_patterns,
    *exchange.public_patterns,
    *announce.public_patterns,
]
