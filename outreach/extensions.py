"""Flask extensions, created here unbound and initialised in ``create_app``."""

import sqlalchemy as sa
from flask import current_app, g, has_app_context, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

#: constraint and index names the same on every database, so migrations can name them
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


def client_ip() -> str:
    """The client's address as seen by this server (a reverse proxy is trusted via ProxyFix)."""
    return request.remote_addr or "unknown"


class RoutingSession(Session):
    """Flask-SQLAlchemy's session; in a request marked for the read replica
    (``outreach.core.replica``), plain SELECTs go there and everything else to the primary."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and _reads_replica() and _is_plain_select(clause):
            return current_app.extensions["outreach_replica"].engine
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


def _reads_replica() -> bool:
    return has_app_context() and g.get("read_replica", False)


def _is_plain_select(clause) -> bool:
    return bool(getattr(clause, "is_select", False)) and (
        getattr(clause, "_for_update_arg", None) is None
    )


db = SQLAlchemy(model_class=Base, session_options={"class_": RoutingSession})
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=client_ip, default_limits=[], headers_enabled=False)
