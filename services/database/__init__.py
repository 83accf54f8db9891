"""PostgreSQL through SQLAlchemy: tables, sessions, migrations."""

from services.database import tables
from services.database.migrate import downgrade, upgrade
from services.database.session import get_engine, get_sessionmaker, session_scope, sqlalchemy_url

__all__ = [
    "downgrade",
    "get_engine",
    "get_sessionmaker",
    "session_scope",
    "sqlalchemy_url",
    "tables",
    "upgrade",
]
