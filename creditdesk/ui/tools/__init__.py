"""Build-time tools of the interface (translations, icons); not used at run time."""
