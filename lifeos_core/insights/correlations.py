"""Lagged correlations between daily series, corrected for testing many pairs at once.

For each pair (x, y) and lag k, x on day d is paired with y on day d + k (x leads), over
the days both are known. Each test is a Spearman rank correlation (robust to outliers and
to any monotone scale, such as a 1-10 mood) with its two-sided p-value. Across every test
actually run, the Benjamini-Hochberg procedure turns p-values into q-values (the false
discovery rate); a finding is reported only with q at most ``alpha``, enough days, and an
effect size worth telling. Correlation is not cause, and the insight says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

LAGS = (0, 1, 2, 3)
MIN_DAYS = 20
ALPHA = 0.05
MIN_EFFECT = 0.3


@dataclass(frozen=True)
class Finding:
    x: str
    y: str
    lag: int  # days x leads y
    n: int  # paired days
    r: float  # Spearman's rho, the effect size
    p: float
    q: float | None = None  # Benjamini-Hochberg adjusted, over every test run


def paired(
    x: Mapping[date, float], y: Mapping[date, float], lag: int
) -> tuple[list[float], list[float]]:
    days = sorted(d for d in y if d - timedelta(days=lag) in x)
    return [x[d - timedelta(days=lag)] for d in days], [y[d] for d in days]


def spearman(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float] | None:
    """(rho, two-sided p), or None when either side never varies."""
    if len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    from scipy import stats  # imported here: the dispatcher never needs scipy

    result = stats.spearmanr(xs, ys)
    rho, p = float(result.statistic), float(result.pvalue)
    if math.isnan(rho) or math.isnan(p):
        return None
    return rho, p


def benjamini_hochberg(pvalues: Sequence[float]) -> list[float]:
    """q-values in the order given: the smallest FDR at which each test would be rejected."""
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    q = [0.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        index = order[rank - 1]
        running = min(running, pvalues[index] * m / rank)
        q[index] = running
    return q


def lagged_correlations(
    series: Mapping[str, Mapping[date, float]],
    pairs: Sequence[tuple[str, str]],
    *,
    lags: Sequence[int] = LAGS,
    min_days: int = MIN_DAYS,
) -> list[Finding]:
    """Every test that could be run (enough days, both sides varying), with its q-value."""
    findings = []
    for x, y in pairs:
        if x not in series or y not in series:
            continue
        for lag in lags:
            xs, ys = paired(series[x], series[y], lag)
            if len(xs) < min_days:
                continue
            result = spearman(xs, ys)
            if result is not None:
                findings.append(Finding(x=x, y=y, lag=lag, n=len(xs), r=result[0], p=result[1]))
    qs = benjamini_hochberg([f.p for f in findings])
    return [replace(f, q=q) for f, q in zip(findings, qs, strict=True)]


def reportable(
    findings: Sequence[Finding], *, alpha: float = ALPHA, min_effect: float = MIN_EFFECT
) -> list[Finding]:
    """The findings that survive the correction, the strongest lag per pair, in pair order."""
    best: dict[tuple[str, str], Finding] = {}
    for finding in findings:
        if finding.q is None or finding.q > alpha or abs(finding.r) < min_effect:
            continue
        current = best.get((finding.x, finding.y))
        if current is None or (finding.q, -abs(finding.r), finding.lag) < (
            current.q,
            -abs(current.r),
            current.lag,
        ):
            best[(finding.x, finding.y)] = finding
    return list(best.values())
