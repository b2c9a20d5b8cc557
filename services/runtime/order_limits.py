"""How much one order may hold, declared once for every service that enforces it.

The cart refuses an edit past these, checkout refuses a cart past them (one kept from before a limit changed),
and the contracts' protovalidate rules of the calls checkout makes admit at least as much
(tests/contract/test_order_limits.py reads them from the descriptors): a cart the cart service accepted is
never refused further down the saga.
"""

from __future__ import annotations

# Units of one product in a cart or an order (cart's AddCartItem/UpdateCartItem quantity).
UNITS_PER_LINE = 99
# Different products in a cart or an order (inventory's ReserveStock takes them in one call).
LINES_PER_ORDER = 50
# Units in a whole cart or order: one shipment (shipping quotes and ships at most this many).
UNITS_PER_ORDER = 1000
