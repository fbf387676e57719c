"""The layout is the architecture: these tests fail when a boundary is crossed.

* ``lifeos_core`` imports nothing of ours outside itself;
* Dagster assets and Streamlit pages call services: no SQLAlchemy, no models, no SQL text;
* no domain imports another domain's models (nor do the interpreter and insights engine).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAINS = {
    "finance",
    "habits",
    "health",
    "skills",
    "projects",
    "relationships",
    "journal",
    "calendar",
}
SQL_TEXT = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.I | re.S
)


def imports(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def core_violations(source: str) -> list[str]:
    return sorted(
        m for m in imports(source) if m.split(".")[0] in ("lifeos_pipelines", "dashboards")
    )


def glue_violations(source: str) -> list[str]:
    """What a page or an asset must not do: touch the database except through services."""
    problems = [
        f"imports {m}"
        for m in imports(source)
        if m.split(".")[0] == "sqlalchemy" or m.endswith(".models") or ".models." in m
    ]
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and SQL_TEXT.search(node.value)
        ):
            problems.append(f"SQL text {node.value[:40]!r}")
        if isinstance(node, ast.Attribute) and node.attr in ("execute", "exec_driver_sql"):
            problems.append(f"calls .{node.attr}()")
    return problems


def cross_domain_violations(source: str, own_domain: str | None) -> list[str]:
    problems = []
    for module in imports(source):
        match = re.match(r"lifeos_core\.(\w+)\.models\b", module)
        if match and match.group(1) in DOMAINS and match.group(1) != own_domain:
            problems.append(module)
    return sorted(problems)


def _label(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", python_files("lifeos_core"), ids=_label)
def test_core_imports_neither_pipelines_nor_dashboards(path):
    assert core_violations(path.read_text()) == []


@pytest.mark.parametrize(
    "path", python_files("dashboards") + python_files("lifeos_pipelines"), ids=_label
)
def test_pages_and_assets_call_services_instead_of_writing_sql(path):
    assert glue_violations(path.read_text()) == []


# lifeos_core/models.py gathers every model for Alembic on purpose.
@pytest.mark.parametrize(
    "path",
    [p for p in python_files("lifeos_core") if p != ROOT / "lifeos_core" / "models.py"],
    ids=_label,
)
def test_no_domain_imports_another_domains_models(path):
    parts = path.relative_to(ROOT / "lifeos_core").parts
    own = parts[0] if parts[0] in DOMAINS else None
    assert cross_domain_violations(path.read_text(), own) == []


# The checkers themselves must be able to fail.


def test_checkers_catch_violations():
    assert core_violations("from lifeos_pipelines.definitions import defs") == [
        "lifeos_pipelines.definitions",
        "lifeos_pipelines.definitions.defs",
    ]
    assert glue_violations("import sqlalchemy as sa")
    assert glue_violations("from lifeos_core.calendar.models import CalendarEvent")
    assert glue_violations("q = 'SELECT id FROM calendar_event'")
    assert glue_violations("conn.execute(q)")
    assert not glue_violations(
        "from lifeos_core.calendar import service\nservice.list_events(uow, actor)"
    )
    assert cross_domain_violations("from lifeos_core.finance.models import Account", "habits") == [
        "lifeos_core.finance.models",
        "lifeos_core.finance.models.Account",
    ]
    assert cross_domain_violations("from lifeos_core.calendar.models import CalendarEvent", None)
    assert not cross_domain_violations(
        "from lifeos_core.calendar.models import CalendarEvent", "calendar"
    )
