"""The portal's declarative base; the naming convention and column types are ``hcpay.sqltypes``
(shared with the sandbox gateway's tables)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from hcpay.sqltypes import NAMING, UTCDateTime, table_of

__all__ = ["NAMING", "Base", "UTCDateTime", "table_of"]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}

