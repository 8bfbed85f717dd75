"""mlcoach: rehearse machine-learning engineer interviews."""

__version__ = "0.1.0"
__all__ = ["__version__"]
