"""`python -m weltcafe.documents.print_kit EVENT_SLUG --out kit.pdf …` (the same as `weltcafe print-kit`)."""

import sys

from weltcafe.documents.print_kit.cli import main

sys.exit(main())
