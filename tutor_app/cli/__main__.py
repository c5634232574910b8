"""`python -m tutor_app.cli`."""

import sys

from tutor_app.cli import main

sys.exit(main())
