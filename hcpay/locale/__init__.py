"""hcpay's message catalogs: ``<language>/LC_MESSAGES/hcpay.po`` (the translation, kept in git)
and ``hcpay.mo`` (compiled from it by ``python scripts/i18n.py compile``, also kept in git so
an install needs no build step); ``hcpay.pot`` is the template extracted from the source.
``glossary.es.toml`` holds the Connector's terms, said the same everywhere."""
