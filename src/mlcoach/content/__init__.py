"""The bank: item schemas, the loader and the static checks (pure; reads only content files)."""

from mlcoach.content.loader import Bank, LoadResult, load_bank, load_blueprint
from mlcoach.content.models import (
    AnyItem,
    BehavioralPrompt,
    Blueprint,
    CaseStudy,
    Challenge,
    ConceptQuestion,
    DesignPrompt,
    KeyPoint,
)
from mlcoach.content.problems import ContentError, Problem
from mlcoach.content.rules import quality_problems

__all__ = [
    "AnyItem",
    "Bank",
    "BehavioralPrompt",
    "Blueprint",
    "CaseStudy",
    "Challenge",
    "ConceptQuestion",
    "ContentError",
    "DesignPrompt",
    "KeyPoint",
    "LoadResult",
    "Problem",
    "load_bank",
    "load_blueprint",
    "quality_problems",
]
