"""Settings from the environment (prefix MLCOACH_), built by a factory, never at import time."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, ValidationError
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

# In a source checkout the shipped bank sits beside src/; MLCOACH_CONTENT_DIR overrides it.
_SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"
ENV_PREFIX = "MLCOACH_"


def _default_data_dir() -> Path:
    return Path(user_data_dir("mlcoach", appauthor=False))


class Settings(BaseSettings):
    """Every knob mlcoach reads; documented in README.md (a test keeps the two in step)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    content_dir: Path = _SHIPPED_CONTENT
    workspace_dir: Path | None = None
    user_name: str = "local"
    llm_base_url: str | None = None
    llm_model: str | None = None
    new_cards_per_day: int = Field(default=10, ge=0, le=1000)
    timezone: str | None = None  # IANA name for display; None means the machine's local zone
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'mlcoach.sqlite3'}"

    @property
    def effective_workspace_dir(self) -> Path:
        return self.workspace_dir or self.data_dir / "workspace"


class SettingsError(ValueError):
    """MLCOACH_ settings that cannot work: one line per problem, each naming the variable and
    the fix, so the shells can show them instead of a traceback."""

    def __init__(self, problems: Iterable[str]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


def get_settings() -> Settings:
    """Settings from the environment; SettingsError lists every variable that needs fixing."""
    try:
        settings = Settings()
    except ValidationError as exc:
        raise SettingsError(_value_problem(error) for error in exc.errors()) from None
    problems = [*_folder_problems(settings), *_database_problems(settings.database_url)]
    if problems:
        raise SettingsError(problems)
    return settings


def _env_name(field: str) -> str:
    return f"{ENV_PREFIX}{field}".upper()


def _value_problem(error: ErrorDetails) -> str:
    """One line for a value pydantic refused: what is wanted, read from the field's schema."""
    field = str(error["loc"][0]) if error["loc"] else ""
    name, given = _env_name(field), f"{_env_name(field)}={error['input']!r}"
    spec = Settings.model_json_schema()["properties"].get(field, {})
    if spec.get("type") == "integer" and {"minimum", "maximum"} <= spec.keys():
        return (
            f"{given} is not a whole number from {spec['minimum']} to {spec['maximum']}; "
            f"use e.g. {name}={spec.get('default', spec['minimum'])}"
        )
    return f"{given}: {error['msg']}; fix it, or unset {name} to use the default"


def _folder_problems(settings: Settings) -> list[str]:
    """The folders mlcoach creates must not be (or sit inside) a file; the bank must exist."""
    problems = []
    created = {"data_dir": settings.data_dir, "workspace_dir": settings.workspace_dir}
    for field, folder in created.items():
        blocker = _file_in_the_way(folder) if folder else None
        if folder and blocker:
            where = "is a file" if blocker == folder else f"cannot be created: {blocker} is a file"
            problems.append(
                f"{_env_name(field)}={folder} {where}; point {_env_name(field)} at a folder "
                "(created if missing)"
            )
    content = settings.content_dir
    if not content.is_dir():
        what = "is a file" if content.exists() else "does not exist"
        problems.append(
            f"{_env_name('content_dir')}={content} {what}; point it at a content folder "
            "(the one holding bank.toml), or unset it for the shipped bank"
        )
    return problems


def _database_problems(url: str | None) -> list[str]:
    """An unparsable URL or an unknown database kind (the password is never echoed)."""
    name, fix = _env_name("database_url"), "use e.g. postgresql+psycopg://user@host/mlcoach"
    if not url:
        return []
    try:
        parsed = make_url(url)
    except ArgumentError:
        return [f"{name} is not a database URL; {fix}, or unset it for SQLite in the data dir"]
    try:
        parsed.get_dialect()
    except NoSuchModuleError:
        shown = parsed.render_as_string(hide_password=True)
        return [f"{name}={shown}: unknown database kind '{parsed.drivername}'; {fix}"]
    return []


def _file_in_the_way(folder: Path) -> Path | None:
    """`folder` itself or its nearest existing parent when that is not a folder."""
    for candidate in (folder, *folder.parents):
        try:
            if candidate.exists():
                return None if candidate.is_dir() else candidate
        except OSError:  # e.g. a parent we may not read: creating the folder will say why
            return None
    return None
