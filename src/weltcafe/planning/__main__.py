"""``python -m weltcafe.planning ...`` runs the planning command line."""

import sys

from weltcafe.planning.cli import main

sys.exit(main())
