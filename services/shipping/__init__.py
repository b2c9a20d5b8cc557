"""Shipping: rates by zone and parcel size, and the shipment of every confirmed order."""
