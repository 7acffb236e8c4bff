"""Database lookups the portal adds to Django's."""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    """`pk__in=[...]` leaves out the integers no column can hold, as Django's `pk=` already does.

    A number beyond the 64-bit range matches no row; SQLite's driver refuses to send it at all
    (OverflowError), so a forged choice in any multiple-choice field answered 500 instead of
    "Select a valid choice".
    """

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register():
    IntegerField.register_lookup(IntegerFieldIn)
