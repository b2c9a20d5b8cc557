"""Webhooks: order, payment and shipment events delivered to outside systems' endpoints, signed and in order."""
