"""Oracle: is a sample normal with a given std? usage: normality.py VALUES.npz STD
Prints {name: ks_pvalue} for each array, the one-sample KS test of values / STD against N(0, 1) (scipy)."""
import json
import sys

import numpy as np
from scipy import stats

values = np.load(sys.argv[1])
std = float(sys.argv[2])
json.dump({k: float(stats.kstest(values[k].flatten() / std, "norm").pvalue) for k in values.files}, sys.stdout)
