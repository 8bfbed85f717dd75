"""Settings from the environment (prefix MLCOACH_), built by a factory, never at import time."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# In a source checkout the shipped bank sits beside src/; MLCOACH_CONTENT_DIR overrides it.
_SHIPPED_CONTENT = Path(__file__).resolve().parents[2] / "content"


def _default_data_dir() -> Path:
    return Path(user_data_dir("mlcoach", appauthor=False))


class Settings(BaseSettings):
    """Every knob mlcoach reads; documented in README.md (a test keeps the two in step)."""

    model_config = SettingsConfigDict(env_prefix="MLCOACH_", extra="ignore")

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


def get_settings() -> Settings:
    return Settings()
