"""Excel in and out: the partner card template (tool 7), the basket sheet (tool 11), import.

YAML in git stays the source of truth; workbooks are a way in and out of it.
"""

from .reading import WorkbookReading, read_workbook
from .writing import write_basket_xlsx, write_card_template

__all__ = ["WorkbookReading", "read_workbook", "write_basket_xlsx", "write_card_template"]
