"""The analysis: harmonised panel → indicators → classes → areas, samenhang, tweedeling, matrix, robustness."""
