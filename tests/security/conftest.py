"""Security tests hash with a cheap argon2id (the real cost is a third of a second per hash)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from filiere.security import passwords

REAL_HASHER = passwords.HASHER


class CountingHasher(PasswordHasher):
    """A cheap argon2id hasher that counts its verifications."""

    def __init__(self, **params):
        super().__init__(**{"time_cost": 1, "memory_cost": 1024, "parallelism": 1, **params})
        self.verifications = 0

    def verify(self, hash, password):
        self.verifications += 1
        return super().verify(hash, password)


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> Iterator[CountingHasher]:
    hasher = CountingHasher()
    monkeypatch.setattr(passwords, "HASHER", hasher)
    yield hasher
