import sys

from services.inventory.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
