"""gifts"""

__all__ = []
