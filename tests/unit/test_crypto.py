"""Credentials at rest: sealed to their row and field, readable under rotated keys."""

from __future__ import annotations

import pytest

from lifeos_core.crypto import DecryptionError, Keyring

CONTEXT = "calendar_connection:1:credentials"


def test_a_secret_round_trips_and_is_not_stored_in_plaintext():
    keyring = Keyring(["k" * 40])
    token = keyring.encrypt("hunter2-app-password", context=CONTEXT)
    assert "hunter2" not in token and token.startswith("v1.")
    assert keyring.decrypt(token, context=CONTEXT) == "hunter2-app-password"
    # A fresh nonce every time: equal secrets do not look equal.
    assert keyring.encrypt("hunter2-app-password", context=CONTEXT) != token


def test_a_ciphertext_moved_to_another_row_or_field_does_not_decrypt():
    keyring = Keyring(["k" * 40])
    token = keyring.encrypt("hunter2", context=CONTEXT)
    with pytest.raises(DecryptionError, match="copied from another row"):
        keyring.decrypt(token, context="calendar_connection:2:credentials")
    with pytest.raises(DecryptionError):
        keyring.decrypt(token, context="calendar_oauth_flow:1:code_verifier")


def test_old_keys_still_decrypt_after_rotation_and_a_missing_key_is_named():
    old, new = Keyring(["old" * 12]), Keyring(["new" * 12, "old" * 12])
    token = old.encrypt("hunter2", context=CONTEXT)
    assert new.decrypt(token, context=CONTEXT) == "hunter2"
    assert new.key_id_of(new.encrypt("x", context=CONTEXT)) == new.primary_id
    with pytest.raises(DecryptionError, match="LIFEOS_ENCRYPTION_KEY lacks"):
        Keyring(["new" * 12]).decrypt(token, context=CONTEXT)


def test_the_development_placeholder_still_encrypts():
    keyring = Keyring(["dev-only-insecure-key"])
    assert keyring.decrypt(keyring.encrypt("x", context=CONTEXT), context=CONTEXT) == "x"
