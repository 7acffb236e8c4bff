"""The stakeholders app's pages: officers' registry and mapping (officers.py), representatives'
own organisation (representatives.py), the public directory (directory.py), import and export
(transfer.py)."""


def form_data(form):
    """A valid ModelForm's cleaned data split into plain fields and its sectors."""
    data = dict(form.cleaned_data)
    sectors = data.pop("sectors", None)
    return data, sectors
