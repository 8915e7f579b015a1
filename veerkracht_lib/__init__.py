"""veerkracht: reproducible Veerkrachtkaarten of Dutch buurten, from params to self-contained HTML."""

__version__ = "0.1.0"
