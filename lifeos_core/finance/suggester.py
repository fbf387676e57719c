"""The account suggester: which account a transaction description belongs to, learned from
the owner's own categorised transactions.

TF-IDF over character n-grams of the normalised description (robust to card-terminal noise
such as 'REWE SAGT DANKE 4711'), then a logistic regression with a fixed random_state, so
the same history always gives the same model and the same suggestions. With fewer than
MIN_EXAMPLES examples or a single account there is nothing to learn: no suggestions.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from lifeos_core.auth.schemas import Actor
from lifeos_core.database.inferred import counts_toward_totals
from lifeos_core.finance.common import normalise
from lifeos_core.finance.events import AccountsSuggested
from lifeos_core.finance.models import Account, Transaction
from lifeos_core.finance.schemas import AccountSuggestion, AccountSuggestions
from lifeos_core.unit_of_work import UnitOfWork

MODEL = "tfidf-char-logreg"
MODEL_RELEASE = "1"
MIN_EXAMPLES = 4
MAX_EXAMPLES = 5000
_CACHE_SIZE = 8
_trained: OrderedDict[str, AccountSuggester] = OrderedDict()


@dataclass(frozen=True)
class AccountSuggester:
    pipeline: object
    version: str
    examples: int

    @staticmethod
    def version_for(examples: Sequence[tuple[str, int]]) -> str:
        digest = hashlib.sha256(repr(sorted(examples)).encode()).hexdigest()[:12]
        return f"{MODEL}-{MODEL_RELEASE}+{digest}"

    @classmethod
    def train(cls, examples: Sequence[tuple[str, int]]) -> AccountSuggester | None:
        """A model over (normalised description, account id) pairs, or None if too few."""
        examples = [(text, account) for text, account in examples if text]
        if len(examples) < MIN_EXAMPLES or len({a for _, a in examples}) < 2:
            return None
        # Imported here: scikit-learn takes a second to load and most callers never need it.
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        ordered = sorted(examples)  # the same history in any order trains the same model
        pipeline = make_pipeline(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True),
            LogisticRegression(C=10.0, max_iter=1000, random_state=0),
        )
        pipeline.fit([t for t, _ in ordered], [a for _, a in ordered])
        return cls(pipeline, cls.version_for(ordered), len(ordered))

    def suggest(self, description: str, limit: int = 3) -> list[tuple[int, float]]:
        text = normalise(description)
        if not text:
            return []
        probabilities = self.pipeline.predict_proba([text])[0]
        classes = self.pipeline.classes_
        ranked = sorted(
            zip(classes, probabilities, strict=True), key=lambda pair: (-pair[1], pair[0])
        )
        return [(int(account), round(float(p), 4)) for account, p in ranked[:limit]]


def _trained_model(examples: list[tuple[str, int]]) -> AccountSuggester | None:
    version = AccountSuggester.version_for(examples)
    if version in _trained:
        _trained.move_to_end(version)
        return _trained[version]
    model = AccountSuggester.train(examples)
    if model is not None:
        _trained[version] = model
        while len(_trained) > _CACHE_SIZE:
            _trained.popitem(last=False)
    return model


def suggest_accounts(
    uow: UnitOfWork,
    actor: Actor,
    *,
    description: str,
    limit: int = 3,
    context: dict | None = None,
) -> AccountSuggestions:
    """Up to ``limit`` accounts for ``description``, best first, with their probability."""
    rows = uow.session.execute(
        sa.select(Transaction.normalized_description, Transaction.account_id)
        .join(Account, Account.id == Transaction.account_id)
        .where(
            Transaction.user_id == actor.user_id,
            Account.user_id == actor.user_id,
            Account.is_active.is_(True),
            counts_toward_totals(Transaction),
        )
        .order_by(Transaction.id.desc())
        .limit(MAX_EXAMPLES)
    ).all()
    examples = [(text, account_id) for text, account_id in rows]
    model = _trained_model(examples)
    ranked = model.suggest(description, limit) if model else []
    names = dict(
        uow.session.execute(
            sa.select(Account.id, Account.name).where(
                Account.user_id == actor.user_id, Account.id.in_([a for a, _ in ranked])
            )
        ).all()
    )
    suggestions = [
        AccountSuggestion(account_id=account_id, account_name=names[account_id], score=score)
        for account_id, score in ranked
        if account_id in names
    ]
    version = model.version if model else AccountSuggester.version_for(examples)
    uow.emit(
        AccountsSuggested(
            user_id=actor.user_id,
            description=description[:500],
            suggestions=[s.account_id for s in suggestions],
            model=MODEL,
            model_version=version,
            context={**(context or {}), "examples": len(examples)},
        )
    )
    return AccountSuggestions(
        description=description,
        suggestions=suggestions,
        model=MODEL,
        model_version=version,
        examples=len(examples),
    )
