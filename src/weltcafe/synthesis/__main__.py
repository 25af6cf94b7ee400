"""``python -m weltcafe.synthesis ...`` runs the harvest command line."""

import sys

from weltcafe.synthesis.cli import main

sys.exit(main())
