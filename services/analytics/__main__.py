import sys

from services.analytics.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
