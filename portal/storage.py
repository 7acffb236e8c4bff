"""Where uploads are kept: the storages that settings.STORAGES names.

- STORAGES["default"]: every upload but the complaints' files (consultation documents, comment
  attachments, progress evidence, under `private/`). On this machine's disk under MEDIA_ROOT,
  or in an S3-compatible bucket when S3_BUCKET is set.
- STORAGES["private"]: the integrity complaints' attachments. On disk under PRIVATE_MEDIA_ROOT,
  or in S3_PRIVATE_BUCKET (by default the same bucket) under the `complaints/` prefix.

No upload has a URL: each is sent by a view that checks who asks (portal.uploads.download),
never by the web server nor by a signed link to the bucket, which would work for whoever it is
forwarded to. So these storages refuse `url()`. The S3 one is in portal.storage_s3 (boto3 is
imported only where it is used).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

__all__ = ["NoURL", "PrivateFileSystemStorage", "private_storage"]


class NoURL:
    def url(self, name):
        raise ValueError("uploads have no URL: they are sent by a view that checks who asks")


class PrivateFileSystemStorage(NoURL, FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT (read when used, so that a changed setting applies)."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class _PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used and again after the settings change
    (a model field keeps the object it was given when its class was built)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = _PrivateStorage()


@receiver(setting_changed)
def _reset(*, setting, **kwargs):
    if setting in {"STORAGES", "PRIVATE_MEDIA_ROOT"}:
        private_storage._wrapped = empty
