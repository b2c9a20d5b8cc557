import sys

from services.runtime.server import main
from services.shipping.bootstrap import DEFINITION

sys.exit(main(DEFINITION))
