"""register"""

__all__ = []
