import sys

from services.cart.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
