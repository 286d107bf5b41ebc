"""After card and bank payments, no full card or account number is in the database files
(or the PostgreSQL tables) or in the logs."""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from hcpay.portal import logs
from tests.conftest import DatabaseTarget
from tests.helpers.gateway import BANK_OK, BANK_R01, VISA, bank_token, card_token, save_method
from tests.helpers.members import advance, make_member

MASTERCARD = "5555555555554444"
NUMBERS = [VISA, MASTERCARD, BANK_OK, BANK_R01]


def _database_text(database: DatabaseTarget) -> bytes:
    if database.path is not None:
        files = [database.path, Path(f"{database.path}-wal")]
        return b"".join(f.read_bytes() for f in files if f.exists())
    engine = create_engine(database.url)
    chunks: list[str] = []
    with engine.connect() as conn:
        tables = conn.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = :s"
        ), {"s": database.schema}).scalars().all()
        for table in tables:
            rows = conn.execute(text(f'SELECT t::text FROM "{database.schema}"."{table}" t'))
            chunks.extend(row[0] for row in rows)
    engine.dispose()
    return "\n".join(chunks).encode()


def test_no_full_card_or_account_number_in_database_or_logs(
    client: TestClient, database: DatabaseTarget, tmp_path: Path,
) -> None:
    log_file = tmp_path / "portal.log"
    logs.configure(log_file, level=logging.DEBUG, stderr=False)
    try:
        member = make_member(client, coverage="new")
        headers = member.headers
        for token in (card_token(client), card_token(client, MASTERCARD),
                      bank_token(client), bank_token(client, BANK_R01)):
            res = client.post("/api/v1/me/payments",
                              headers={**headers, "Idempotency-Key": secrets.token_hex(6)},
                              json={"amount_cents": 150, "token": token})
            assert res.status_code == 201, res.text
        save_method(client, headers, card_token(client))
        save_method(client, headers, bank_token(client))
        # a bad number too: the gateway's field error must not echo it
        bad = client.post("/gateway/v1/tokens", json={"card": {
            "number": "4242424242424241", "exp_month": 12, "exp_year": 2039, "cvc": "123"}})
        assert bad.status_code == 422 and "4242424242424241" not in bad.text
        advance(client, 7)  # settlements and the R01 return
        logging.getLogger("hcpay.portal").info("test run finished")
    finally:
        for name in ("hcpay", "uvicorn", "uvicorn.error", "uvicorn.access"):
            logging.getLogger(name).handlers = []
    stored = _database_text(database)
    logged = log_file.read_bytes()
    assert b"test run finished" in logged
    assert stored  # the scan saw the data
    for number in [*NUMBERS, "4242424242424241"]:
        assert number.encode() not in stored, f"{number[-4:]} found in the database"
        assert number.encode() not in logged, f"{number[-4:]} found in the logs"
