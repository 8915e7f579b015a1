"""veerkracht: reproducible Veerkrachtkaarten of Dutch buurten, from params to self-contained HTML."""
import pandas as pd

__version__ = "0.1.0"

# pyarrow is installed for the prepared Parquet copies; pandas would then store every text column
# in pyarrow arrays, whose arithmetic and ``map`` results differ in dtype, and whose lookups
# against Python-stored text convert the index on every call (a chapter at national size took
# minutes). Text stays in Python storage for every part of the package, the notebooks' kernel
# included, so a report does not depend on which optional packages are installed.
pd.set_option("mode.string_storage", "python")
