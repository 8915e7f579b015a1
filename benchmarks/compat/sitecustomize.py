"""For benchmarking commits from before pyarrow was a dependency (see real_size._demo).

With pyarrow installed, pandas stores strings as pyarrow arrays and their comparisons give
nullable booleans, on which the older analysis code fails; today's code sets python storage
itself in ``veerkracht_lib.sources``.
"""
import pandas as pd

pd.set_option("mode.string_storage", "python")
