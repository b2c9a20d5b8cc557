import sys

from services.payments.bootstrap import DEFINITION
from services.runtime.server import main

sys.exit(main(DEFINITION))
