import sys

from services.catalog.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
