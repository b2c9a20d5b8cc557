import sys

from services.orders.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
