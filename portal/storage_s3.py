"""The S3-compatible storage of uploads (settings.STORAGES when S3_BUCKET is set)."""

from storages.backends.s3 import S3Storage

from portal.storage import NoURL

__all__ = ["PrivateS3Storage"]


class PrivateS3Storage(NoURL, S3Storage):
    """A bucket (or a prefix of one) whose objects are read only through the portal's views."""
