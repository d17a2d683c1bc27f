namespace TfInit.PythonCode;

/// <summary>A Python tuple or list value.</summary>
/// <param name="Items">The elements.</param>
/// <param name="IsTuple">True for a tuple, false for a list.</param>
internal sealed record PySequence(IReadOnlyList<object?> Items, bool IsTuple);

/// <summary>A numpy dtype named in the code (<c>np.float32</c>, <c>tf.float64</c>, <c>'float32'</c>).</summary>
/// <param name="Name">float16, float32 or float64.</param>
internal sealed record PyDType(string Name);

/// <summary>A numpy array: row-major values (held as doubles), a shape and its dtype.</summary>
/// <param name="Data">The values, C order.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="DType">numpy's dtype: float64 for every computed array; int64 or bool for <c>np.array</c> of ints or bools; float32 / float16 after a cast.</param>
internal sealed record NdArray(double[] Data, int[] Shape, string DType = "float64");
