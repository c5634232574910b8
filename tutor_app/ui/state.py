"""Session-state keys shared between the header and the pages."""

LANG = "lang"
