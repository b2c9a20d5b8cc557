from services.runtime.database import run_migrations_online
from services.webhooks.adapters.tables import metadata

run_migrations_online(metadata, lock_name="shopmesh-webhooks-migrations")
