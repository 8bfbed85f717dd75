from mlcoach.grading import DesignRubric, HashingEmbedder, KeyPoint, grade_design
from mlcoach.grading.design import mistakes

RUBRIC = DesignRubric(
    question="Design a video recommendation system for a streaming service.",
    steps={
        "requirements": (
            KeyPoint("Clarify the business goal such as watch time and the scale of users"),
        ),
        "framing": (KeyPoint("Frame it as candidate generation followed by ranking"),),
        "data": (KeyPoint("Use implicit feedback such as watches and skips as labels"),),
        "model": (KeyPoint("Use a two-tower model for candidates and a ranker for ordering"),),
        "serving": (KeyPoint("Serve candidates from an approximate nearest neighbour index"),),
    },
    pitfalls=("Optimising only for clicks creates clickbait",),
    follow_ups=("How do you handle cold-start videos?",),
)
GOOD = (
    "First I would clarify the business goal such as watch time and the scale of users. "
    "I would frame it as candidate generation followed by ranking. "
    "I would use implicit feedback such as watches and skips as labels. "
    "I would use a two-tower model for candidates and a ranker for ordering. "
    "I would serve candidates from an approximate nearest neighbour index with low latency. "
    "Offline I track recall and NDCG, online an A/B test on watch time. "
    "After launch I monitor drift in the feature distributions and retrain daily."
)


def test_good_design_covers_every_step(fake: HashingEmbedder) -> None:
    result = grade_design(RUBRIC, GOOD, fake)
    assert set(result.steps) == set(RUBRIC.steps)
    assert all(score > 0 for score, _ in result.steps.values())
    assert result.mistakes == ()
    assert result.score >= 60


def test_classic_mistakes_are_detected() -> None:
    sentences = [
        "I would train a transformer on the click logs.",
        "Then I would ask about the latency requirements.",
    ]
    assert mistakes(sentences) == ["model_before_requirements", "no_metrics", "no_monitoring"]


def test_mistakes_cost_points(fake: HashingEmbedder) -> None:
    careless = (
        "I would use a two-tower model for candidates and a ranker for ordering. "
        "I would use implicit feedback such as watches and skips as labels."
    )
    result = grade_design(RUBRIC, careless, fake)
    assert "no_metrics" in result.mistakes and "no_monitoring" in result.mistakes
    assert result.score < grade_design(RUBRIC, GOOD, fake).score
    out = result.to_dict()
    assert set(out["steps"]["model"]) == {"score", "key_points"}


def test_empty_design_answer(fake: HashingEmbedder) -> None:
    result = grade_design(RUBRIC, "", fake)
    assert result.score == 0 and "empty" in result.flags
