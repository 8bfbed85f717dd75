"""What the interviewer says at each turn, as Markdown."""

from __future__ import annotations

from mlcoach.content.models import AnyItem, Challenge
from mlcoach.interview.state import Turn

# What each framework step is for, said when the step starts.
STEP_GUIDE = {
    "requirements": "Clarify the business goal, the users, scale, latency and constraints, and "
    "how success will be measured. No model yet.",
    "framing": "Frame it as an ML task: the prediction target, the kind of model output, and "
    "the offline and online metrics.",
    "data": "Where the data and labels come from, the features you would build, sampling, "
    "leakage and how you split for evaluation.",
    "model": "A baseline first, then the model you would ship and why, how you train and "
    "evaluate it, and the trade-offs.",
    "serving": "How predictions are served (batch or online, latency budget), launched (A/B "
    "test), monitored for drift and retrained.",
}


def turn_prompt(turn: Turn, item: AnyItem | None) -> str:
    """The Markdown shown for a turn: the item's prompt, plus the step guide for a design
    step or the entry points for code; a follow-up shows only its question."""
    if turn.kind == "follow-up":
        return f"**Follow-up.** {turn.prompt}"
    body = getattr(item, "prompt", "") if item is not None else ""
    if turn.kind == "design-step":
        guide = STEP_GUIDE.get(turn.step_id or "", "")
        return f"{body}\n\n**Step: {turn.step_title}.** {guide}".strip()
    if isinstance(item, Challenge):
        names = ", ".join(f"`{name}`" for name in item.entry_points)
        return (
            f"{body}\n\nImplement {names} in the file you are given; it is judged when you submit."
        )
    return body or f"(item `{turn.item_id}` is no longer in the bank; answer from memory)"
