"""Data-entry forms from the criteria, and collecting what the units send back.

`template` writes a workbook (or one per unit) that the indicator reader reads as it is;
`collect` reads the returns with that same reader and merges them into one indicator table.
"""
