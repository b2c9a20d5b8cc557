from services.analytics.adapters.tables import metadata
from services.runtime.database import run_migrations_online

run_migrations_online(metadata, lock_name="shopmesh-analytics-migrations")
