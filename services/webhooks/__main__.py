import sys

from services.runtime.server import main
from services.webhooks.bootstrap import DEFINITION

sys.exit(main(DEFINITION))
