namespace TfInit.PythonCode;

/// <summary>A Python tuple or list value.</summary>
/// <param name="Items">The elements.</param>
/// <param name="IsTuple">True for a tuple, false for a list.</param>
internal sealed record PySequence(IReadOnlyList<object?> Items, bool IsTuple);

/// <summary>A numpy dtype named in the code (<c>np.float32</c>, <c>tf.float64</c>, <c>'float32'</c>).</summary>
/// <param name="Name">float16, float32 or float64.</param>
internal sealed record PyDType(string Name);

/// <summary>A float64 numpy array: row-major values and a shape.</summary>
/// <param name="Data">The values, C order.</param>
/// <param name="Shape">The dimensions.</param>
internal sealed record NdArray(double[] Data, int[] Shape);
