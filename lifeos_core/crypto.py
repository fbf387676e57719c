"""Secrets at rest: AES-256-GCM, bound to the row and field they belong to.

``LIFEOS_ENCRYPTION_KEY`` holds one key, or several separated by commas: the first encrypts,
every one of them decrypts. Rotation is: put the new key first (``new,old``), run
``lifeos keys rotate`` (which re-encrypts every row under the first key), then drop the old
one. Any string is a key: it goes through HKDF, so the development placeholder still
encrypts (production refuses placeholders before we get here; see ``config.py``).

Each ciphertext carries the id of the key that made it and is sealed with associated data
naming its row and field (``calendar_connection:42:credentials``), so a ciphertext copied
into another row, or another column, does not decrypt.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from lifeos_core.errors import LifeOSError

PREFIX = "v1"
NONCE_BYTES = 12


class DecryptionError(LifeOSError):
    """A secret that none of the configured keys opens (wrong key, wrong row, or tampered)."""


def associated_data(table: str, row_id: int, field: str) -> str:
    return f"{table}:{row_id}:{field}"


@dataclass(frozen=True)
class _Key:
    key_id: str
    aead: AESGCM


def _derive(secret: str) -> _Key:
    material = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"lifeos-credentials", info=b"aes-256-gcm"
    ).derive(secret.encode())
    # The id names the key without revealing it: a hash of the derived key, 8 hex digits.
    return _Key(hashlib.sha256(material).hexdigest()[:8], AESGCM(material))


class Keyring:
    """Encrypts with the first key, decrypts with any."""

    def __init__(self, secrets: list[str]):
        secrets = [s.strip() for s in secrets if s.strip()]
        if not secrets:
            raise ValueError("LIFEOS_ENCRYPTION_KEY is empty: at least one key is needed")
        self._keys = [_derive(s) for s in secrets]
        self._by_id = {k.key_id: k for k in reversed(self._keys)}

    @classmethod
    def from_settings(cls, settings: Any) -> Keyring:
        return cls(settings.encryption_key.get_secret_value().split(","))

    @property
    def primary_id(self) -> str:
        return self._keys[0].key_id

    def encrypt(self, plaintext: str, *, context: str) -> str:
        key = self._keys[0]
        nonce = os.urandom(NONCE_BYTES)
        sealed = key.aead.encrypt(nonce, plaintext.encode(), context.encode())
        body = base64.urlsafe_b64encode(nonce + sealed).decode()
        return f"{PREFIX}.{key.key_id}.{body}"

    def decrypt(self, token: str, *, context: str) -> str:
        try:
            prefix, key_id, body = token.split(".", 2)
            raw = base64.urlsafe_b64decode(body.encode())
        except ValueError:
            raise DecryptionError(f"{context}: not an encrypted value") from None
        key = self._by_id.get(key_id)
        if prefix != PREFIX or key is None:
            raise DecryptionError(
                f"{context}: encrypted with key {key_id}, which LIFEOS_ENCRYPTION_KEY lacks"
            )
        try:
            return key.aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
        except InvalidTag:
            raise DecryptionError(
                f"{context}: does not decrypt (tampered, or copied from another row)"
            ) from None

    def key_id_of(self, token: str) -> str | None:
        parts = token.split(".", 2)
        return parts[1] if len(parts) == 3 else None

    def encrypt_json(self, value: dict[str, Any], *, context: str) -> str:
        return self.encrypt(json.dumps(value, sort_keys=True), context=context)

    def decrypt_json(self, token: str, *, context: str) -> dict[str, Any]:
        return json.loads(self.decrypt(token, context=context))


def rotate_keys(uow_factory: Any, settings: Any) -> int:
    """Re-encrypt every stored secret under the first key of ``LIFEOS_ENCRYPTION_KEY``.

    ``lifeos keys rotate`` calls this; it returns how many secrets were re-encrypted. A row
    that none of the configured keys opens stops the rotation and changes nothing.
    """
    from lifeos_core.calendar import service as calendar  # the owner of the encrypted rows

    keyring = Keyring.from_settings(settings)
    with uow_factory() as uow:
        changed = calendar.reencrypt_credentials(uow, keyring)
        uow.commit()
    return changed
