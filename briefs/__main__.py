"""`python -m briefs` is `zhbrief`."""
import sys

from briefs.cli import main

sys.exit(main())
