"""Every HTML page module, in one place.

A page module defines `router` (an APIRouter with `include_in_schema=False`) and `NAV`, a
`NavLink` or None. To add a page: write `routes/<page>.py` and its templates under
`templates/<page>/`, then list the module in PAGES; the app includes its router and shows its
nav entry (sorted by `NavLink.order`).
"""

from __future__ import annotations

from types import ModuleType

from mlcoach.web.routes import (
    bank,
    behavioral,
    challenges,
    dashboard,
    design,
    interview,
    plan,
    practice,
)

PAGES: tuple[ModuleType, ...] = (
    dashboard,
    practice,
    challenges,
    design,
    behavioral,
    interview,
    plan,
    bank,
)
