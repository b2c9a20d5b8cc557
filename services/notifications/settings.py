"""Notifications' configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    grpc_port: int = 50058
    # The SMTP server mail is handed to (the dev and test stacks run a local sink).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_start_tls: bool = False
    mail_from: str = "ShopMesh <no-reply@shopmesh.dev>"
    # The shop's public address (the gateway), named in mail that asks the reader to act (confirm an address,
    # reset a password).
    public_url: str = "http://localhost:8080"
    # Where StockLow alerts go; unset: no alerts.
    admin_alert_email: str | None = None
    # How often pending mail is looked for besides when this process's consumer queues some (then at once),
    # and the longest wait between retries while SMTP is down.
    mail_poll_interval_seconds: float = 2.0
    mail_max_backoff_seconds: float = 60.0
    # Mail sent at the same time (each over its own kept-open SMTP connection).
    mail_senders: int = 4
