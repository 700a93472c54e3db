"""ritual: a calm, private terminal app for daily resilience rituals."""

__version__ = "0.1.0"

__all__ = ["__version__"]
