"""A plan's report for management and funders, in the language chosen at export.

- content: what the report says (rows, figures, how values read), whatever the format;
- xlsx: the Excel workbook (its cells through portal.exports);
- pdf: the PDF.

Callers import the format they need: `from actionplans.reports import pdf, xlsx`.
"""
