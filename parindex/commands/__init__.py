"""One module per family of sub-commands; `parindex.cli` assembles them."""
