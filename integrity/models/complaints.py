"""complaints"""

__all__ = []
