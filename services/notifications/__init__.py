"""Notifications: mail about accounts and orders, sent from domain events, with a history and opt-outs."""
