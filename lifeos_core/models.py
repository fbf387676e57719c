"""Imports every model module, so ``Base.metadata`` knows the whole schema (Alembic, tests)."""

from lifeos_core.auth import models as auth_models  # noqa: F401
from lifeos_core.calendar import models as calendar_models  # noqa: F401
from lifeos_core.database import Base
from lifeos_core.events import models as event_models  # noqa: F401
from lifeos_core.finance import models as finance_models  # noqa: F401
from lifeos_core.habits import models as habit_models  # noqa: F401
from lifeos_core.health import models as health_models  # noqa: F401
from lifeos_core.insights import models as insight_models  # noqa: F401
from lifeos_core.interpreter import models as interpreter_models  # noqa: F401
from lifeos_core.journal import models as journal_models  # noqa: F401
from lifeos_core.outbox import models as outbox_models  # noqa: F401
from lifeos_core.projects import models as project_models  # noqa: F401
from lifeos_core.relationships import models as relationship_models  # noqa: F401
from lifeos_core.skills import models as skill_models  # noqa: F401

metadata = Base.metadata
