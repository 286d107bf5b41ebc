"""Password hashes follow the portal's current argon2 parameters: a member whose hash was made
with other parameters gets a new hash of the same password when signing in, and keeps signing
in; a wrong password changes nothing; a password changed meanwhile is never overwritten."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, Type
from argon2.exceptions import VerifyMismatchError
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hcpay.portal.models import Member
from hcpay.portal.services import passwords
from hcpay.portal.services import sign_in as sign_in_service
from tests.helpers.accounts import bearer, create_verified_member, sign_in

# The test portal hashes with t=1, m=1024 (tests/helpers/accounts.py): these are other ones.
WEAKER = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1, hash_len=32, salt_len=16,
                        type=Type.ID)
STRONGER = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1, hash_len=32,
                          salt_len=16, type=Type.ID)


def _stored_hash(app: FastAPI, username: str) -> str:
    with app.state.portal.db.read() as session:
        member = session.query(Member).filter(Member.username == username).one()
        return str(member.password_hash)


def _set_hash(app: FastAPI, username: str, password_hash: str) -> None:
    with app.state.portal.db.write() as session:
        member = session.query(Member).filter(Member.username == username).one()
        member.password_hash = password_hash


def _current_parameters(app: FastAPI) -> str:
    settings = app.state.portal.settings
    return (f"m={settings.argon2_memory_kib},t={settings.argon2_time_cost},"
            f"p={settings.argon2_parallelism}")


@pytest.mark.parametrize("old_hasher", [WEAKER, STRONGER], ids=["weaker", "stronger"])
def test_signing_in_upgrades_a_hash_made_with_other_parameters(
    client: TestClient, portal_app: FastAPI, old_hasher: PasswordHasher
) -> None:
    username, password, _ = create_verified_member(client)
    old = old_hasher.hash(password)
    _set_hash(portal_app, username, old)
    assert f"m={old_hasher.memory_cost},t={old_hasher.time_cost}," in old

    res = sign_in(client, username, password)

    assert res.status_code == 201, res.text
    assert client.get("/api/v1/me", headers=bearer(res.json())).status_code == 200
    new = _stored_hash(portal_app, username)
    assert new != old
    assert new.startswith("$argon2id$")
    assert f"${_current_parameters(portal_app)}$" in new
    assert not passwords.needs_rehash(new, portal_app.state.portal.settings)
    # the same password, under the new hash: signing in again works and changes nothing more
    again = sign_in(client, username, password)
    assert again.status_code == 201, again.text
    assert _stored_hash(portal_app, username) == new


def test_a_wrong_password_leaves_the_old_hash_alone(
    client: TestClient, portal_app: FastAPI
) -> None:
    username, password, _ = create_verified_member(client)
    old = WEAKER.hash(password)
    _set_hash(portal_app, username, old)

    wrong = sign_in(client, username, password + "-not")

    assert wrong.status_code == 401
    assert wrong.json()["code"] == "invalid_credentials"
    assert _stored_hash(portal_app, username) == old
    # and the right one still works afterwards (and upgrades it)
    assert sign_in(client, username, password).status_code == 201
    assert _stored_hash(portal_app, username) != old


def test_a_hash_with_the_current_parameters_is_kept(
    client: TestClient, portal_app: FastAPI
) -> None:
    username, password, _ = create_verified_member(client)
    before = _stored_hash(portal_app, username)
    assert sign_in(client, username, password).status_code == 201
    assert _stored_hash(portal_app, username) == before


def test_a_password_changed_during_the_sign_in_is_not_overwritten(
    client: TestClient, portal_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new hash is made outside any transaction; if the password was reset meanwhile, the
    reset wins and the old password does not come back."""
    username, password, _ = create_verified_member(client)
    _set_hash(portal_app, username, WEAKER.hash(password))
    reset_hash = passwords.hash_password("Reset-Meanwhile-42!", portal_app.state.portal.settings)
    real_hash = passwords.hash_password

    def hash_while_a_reset_lands(plain: str, settings: object) -> str:
        _set_hash(portal_app, username, reset_hash)
        return real_hash(plain, settings)  # type: ignore[arg-type]

    monkeypatch.setattr(sign_in_service.passwords, "hash_password", hash_while_a_reset_lands)
    sign_in(client, username, password)
    monkeypatch.undo()

    assert _stored_hash(portal_app, username) == reset_hash
    with pytest.raises(VerifyMismatchError):
        PasswordHasher().verify(_stored_hash(portal_app, username), password)
    assert sign_in(client, username, "Reset-Meanwhile-42!").status_code == 201
