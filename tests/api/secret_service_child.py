"""Run inside a D-Bus session with gnome-keyring (see test_secret_service.py): the app's side of
a real Secret Service, one action a process, as separate app starts would do."""

from __future__ import annotations

import sys

from hcpay.credentials import SERVICE, CredentialStore


def main(argv: list[str]) -> int:
    action = argv[0]
    if action == "backend":
        import keyring

        print(type(keyring.get_keyring()).__module__)
        return 0
    if action == "count":  # every item hcpay left in the Secret Service, by its attributes
        import secretstorage

        with secretstorage.dbus_init() as conn:
            collection = secretstorage.get_default_collection(conn)
            print(len(list(collection.search_items({"service": SERVICE}))))
        return 0
    portal, username = argv[1], argv[2]
    store = CredentialStore(portal, timeout=10.0)
    if action == "save":
        store.save(username, argv[3])
        print("saved")
    elif action == "load":
        print(store.load(username) or "<none>")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
